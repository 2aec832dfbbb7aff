import { describe, expect, it } from "vitest";
import { acknowledged, fhirUserReference, openAlerts, ruleId } from "./alerts";

const issue = (id: string, status: fhir4.DetectedIssue["status"], identified: string): fhir4.DetectedIssue => ({
  resourceType: "DetectedIssue",
  id,
  meta: { versionId: "3" },
  status,
  severity: "high",
  code: { coding: [{ system: "https://ketaminefhir.org/ig/CodeSystem/safety-alert", code: "oxygen-desaturation", display: "Oxygen desaturation" }] },
  detail: "VITALS-SPO2: oxygen saturation 88 % is below 92 %",
  identifiedDateTime: identified,
  implicated: [{ reference: "Observation/o1" }],
});

describe("openAlerts", () => {
  it("lists the preliminary ones, newest first", () => {
    const alerts = openAlerts([
      issue("a", "preliminary", "2026-01-01T10:00:00Z"),
      issue("b", "final", "2026-01-03T10:00:00Z"),
      issue("c", "preliminary", "2026-01-02T10:00:00Z"),
    ]);
    expect(alerts.map((a) => a.id)).toEqual(["c", "a"]);
    expect(alerts[0]).toMatchObject({ code: "oxygen-desaturation", codeText: "Oxygen desaturation", implicated: ["Observation/o1"] });
  });
});

describe("alert names", () => {
  it("without a display, the code in words", () => {
    const plain = issue("a", "preliminary", "2026-01-01T10:00:00Z");
    plain.code = { coding: [{ system: "https://ketaminefhir.org/ig/CodeSystem/safety-alert", code: "heart-rate-out-of-range" }] };
    expect(openAlerts([plain])[0].codeText).toBe("Heart rate out of range");
  });
});

describe("acknowledged", () => {
  it("sets status final and the user as author, keeps the rest (version included), leaves the input alone", () => {
    const original = issue("a", "preliminary", "2026-01-01T10:00:00Z");
    const done = acknowledged(original, "Practitioner/demo-clinician");
    expect(done.status).toBe("final");
    expect(done.author).toEqual({ reference: "Practitioner/demo-clinician" });
    expect(done.meta?.versionId).toBe("3");
    expect(done.detail).toBe(original.detail);
    expect(original.status).toBe("preliminary");
    expect(original.author).toBeUndefined();
  });
});

describe("helpers", () => {
  it.each([
    ["VITALS-SPO2: oxygen saturation 88 %", "VITALS-SPO2"],
    ["no rule here", undefined],
  ])("ruleId(%j)", (detail, expected) => expect(ruleId(detail)).toBe(expected));

  it.each([
    ["Practitioner/demo-clinician", "Practitioner/demo-clinician"],
    ["http://127.0.0.1:8080/fhir/Practitioner/demo-clinician", "Practitioner/demo-clinician"],
    ["http://h/fhir/Patient/p1/_history/2", "Patient/p1"],
    [null, undefined],
  ])("fhirUserReference(%j)", (claim, expected) => expect(fhirUserReference(claim)).toBe(expected));
});
