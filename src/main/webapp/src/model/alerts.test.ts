import { describe, expect, it } from "vitest";
import { acknowledged, fhirUserReference, isPractitioner, openAlerts, REVIEW_ACTIONS, reviewed, ruleId } from "./alerts";

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

describe("suicide-risk alerts", () => {
  const suicide = (id: string, code: string, severity: fhir4.DetectedIssue["severity"], identified: string): fhir4.DetectedIssue => ({
    ...issue(id, "preliminary", identified),
    severity,
    code: { coding: [{ system: "https://ketaminefhir.org/ig/CodeSystem/safety-alert", code }] },
    detail: "PHQ9-ITEM9: ...",
  });

  it("come first, high before moderate, whatever their date", () => {
    const alerts = openAlerts([
      issue("vital", "preliminary", "2026-03-10T10:00:00Z"),
      suicide("moderate", "suicide-risk-moderate", "moderate", "2026-03-09T10:00:00Z"),
      suicide("item9", "suicide-risk-phq9-item9", "high", "2026-03-01T10:00:00Z"),
    ]);
    expect(alerts.map((a) => a.id)).toEqual(["item9", "moderate", "vital"]);
    expect(alerts.map((a) => a.suicideRisk)).toEqual([true, true, false]);
  });

  it("a review records the action, date and practitioner and sets the alert final", () => {
    const read = { ...suicide("item9", "suicide-risk-phq9-item9", "high", "2026-03-01T10:00:00Z"), meta: { versionId: "2" } };
    const done = reviewed(read, { action: "safety-plan", note: " updated with the patient ", practitioner: "Practitioner/c1", now: new Date("2026-03-10T11:00:00Z") });
    expect(done.status).toBe("final");
    expect(done.author).toEqual({ reference: "Practitioner/c1" });
    expect(done.meta?.versionId).toBe("2");
    expect(done.mitigation).toEqual([
      {
        action: {
          coding: [{ system: "https://ketaminefhir.org/ig/CodeSystem/suicide-risk-review", code: "safety-plan", display: "Safety plan made or updated" }],
          text: "Safety plan made or updated: updated with the patient",
        },
        date: "2026-03-10T11:00:00.000Z",
        author: { reference: "Practitioner/c1" },
      },
    ]);
    expect(read.status).toBe("preliminary");
    expect(() => reviewed(read, { action: "nothing", practitioner: "Practitioner/c1", now: new Date() })).toThrow("Unknown review action");
  });

  it("the review actions are the IG's suicide-risk-review codes", () => {
    expect(REVIEW_ACTIONS.map((a) => a.code)).toEqual(["safety-plan", "level-of-care-decided", "crisis-referral", "no-change"]);
  });

  it.each([
    ["Practitioner/c1", true],
    ["Patient/p1", false],
    [undefined, false],
  ])("%s may review: %s", (user, may) => {
    expect(isPractitioner(user)).toBe(may);
  });
});
