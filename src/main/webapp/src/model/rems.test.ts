import { describe, expect, it } from "vitest";
import { REMS_LAYOUT, remsForm } from "./rems";

describe("remsForm", () => {
  const form = remsForm({
    resourceType: "Parameters",
    parameter: [
      { name: "patientFirstName", valueString: "Eve" },
      { name: "patientSex", valueString: "female" },
      { name: "doseAdministered", valueQuantity: { value: 56, unit: "mg" } },
      { name: "totalMonitoringMinutes", valueInteger: 120 },
      { name: "sedation", valueBoolean: false },
      { name: "lossOfConsciousness", valueBoolean: true },
      { name: "missing", valueString: "lotNumber" },
    ],
  });
  const field = (name: string) => form.sections.flatMap((s) => s.fields).find((f) => f.name === name);

  it("lays out every field of the form, in its sections", () => {
    expect(form.sections.map((s) => s.title)).toEqual(REMS_LAYOUT.map((s) => s.title));
    expect(form.sections.flatMap((s) => s.fields)).toHaveLength(REMS_LAYOUT.flatMap((s) => s.fields).length);
  });

  it.each([
    ["patientFirstName", "Eve", false],
    ["patientSex", "Female", false],
    ["doseAdministered", "56 mg", false],
    ["totalMonitoringMinutes", "120 minutes", false],
    ["sedation", "No", false],
    ["lossOfConsciousness", "Yes", false],
    ["dissociation", null, true],
    ["lotNumber", null, true],
    ["patientBirthDate", null, true],
  ])("%s shows %j (missing %s)", (name, value, missing) => {
    expect(field(name)).toMatchObject({ value, missing });
  });

  it("keeps the server's missing list", () => expect(form.missing).toEqual(["lotNumber"]));
});
