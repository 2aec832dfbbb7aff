import { describe, expect, it } from "vitest";
import { example, examples } from "../test/igExamples";
import { parseSession, phaseText, sessionNotes } from "./sessions";
import { planItem, screeningItem, sessionItem, sessionsPlanned, sortTimeline } from "./timeline";

describe("timeline of the IG's IV journey", () => {
  const observations = examples<fhir4.Observation>("Observation", "iv-");
  const plan = example<fhir4.CarePlan>("CarePlan", "iv-plan");
  const sessions = examples<fhir4.MedicationAdministration>("MedicationAdministration", "iv-session-").map(parseSession);

  it("reads a session: route, dose mg and mg/kg, duration, phase", () => {
    const s3 = sessions.find((s) => s.id === "iv-session-3");
    expect(s3).toMatchObject({ route: "Intravenous", doseMg: 40, dosePerKg: 0.5, dosingWeightKg: 80, phase: "induction", sessionNumber: 3, esketamine: false });
    expect(s3?.durationMinutes).toBeGreaterThan(0);
  });

  it("collects side effects and discharge per session", () => {
    const notes = sessionNotes(observations);
    expect(notes.get("iv-session-3")?.sideEffects).toEqual(["Nausea"]);
    expect(notes.get("iv-session-3")?.discharge?.text).toBe("Ready for discharge after 90 min monitoring");
  });

  it("orders screening, plan, sessions by date", () => {
    const screening = screeningItem(example<fhir4.Observation>("Observation", "iv-screening"));
    const notes = sessionNotes(observations);
    const items = sortTimeline([...sessions.map((s) => sessionItem(s, notes.get(s.id))), planItem(plan), screening]);
    expect(items[0].kind).toBe("screening");
    expect(items.filter((i) => i.kind === "session").map((i) => i.id)).toEqual(
      ["iv-session-1", "iv-session-2", "iv-session-3", "iv-session-4", "iv-session-5", "iv-session-6"],
    );
  });

  it("counts the planned sessions of the plan", () => {
    expect(sessionsPlanned([plan])).toBeGreaterThanOrEqual(6);
    expect(sessionsPlanned([{ ...plan, status: "entered-in-error" }])).toBe(0);
  });

  it("describes the plan in words", () => {
    expect(planItem(plan).description).not.toBe("");
  });
});

describe("screeningItem", () => {
  it("reads outcome and reasons as RULE: detail", () => {
    const item = screeningItem({
      resourceType: "Observation",
      id: "s",
      status: "final",
      code: {},
      effectiveDateTime: "2026-01-02T11:00:00Z",
      valueCodeableConcept: { coding: [{ system: "https://ketaminefhir.org/ig/CodeSystem/eligibility-outcome", code: "not-eligible", display: "Not eligible" }] },
      extension: [
        {
          url: "https://ketaminefhir.org/ig/StructureDefinition/eligibility-reason",
          extension: [{ url: "rule", valueCode: "ELIG-BP" }, { url: "detail", valueString: "blood pressure 165/95 mmHg" }],
        },
      ],
    });
    expect(item).toMatchObject({ outcomeCode: "not-eligible", outcome: "Not eligible", reasons: ["ELIG-BP: blood pressure 165/95 mmHg"] });
  });
});

describe("phaseText", () => {
  it.each([
    ["screening", "Screening"],
    ["induction", "Induction"],
    ["maintenance", "Maintenance"],
    ["taper", "taper"],
    [undefined, ""],
  ])("%j reads %j", (phase, text) => expect(phaseText(phase)).toBe(text));
});
