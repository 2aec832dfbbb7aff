import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { example, examples, THRESHOLDS } from "../test/igExamples";
import { parseConfig, type Thresholds } from "./config";
import { alertBands, beyondLimit, minutesSinceDose, plotted, sessionVitals, type VitalKind } from "./vitals";

const session = example<fhir4.MedicationAdministration>("MedicationAdministration", "iv-session-3");
const observations = examples<fhir4.Observation>("Observation", "iv-");

describe("sessionVitals", () => {
  const vitals = sessionVitals(observations, session, [], THRESHOLDS);

  it("takes exactly the session's vital signs, per vital, by minute", () => {
    const ofSession = (code: string) =>
      observations.filter(
        (o) => o.partOf?.[0]?.reference === "MedicationAdministration/iv-session-3" && o.code.coding?.[0]?.code === code,
      );
    expect(vitals.bp.map((r) => r.observation).sort()).toEqual(ofSession("85354-9").map((o) => `Observation/${o.id}`).sort());
    expect(vitals.hr).toHaveLength(ofSession("8867-4").length);
    expect(vitals.rr).toHaveLength(ofSession("9279-1").length);
    expect(vitals.spo2.length).toBeGreaterThan(0);
    for (const kind of ["bp", "hr", "spo2", "rr"] as VitalKind[]) {
      const minutes = vitals[kind].map((r) => r.minute);
      expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    }
  });

  it("reads blood pressure components and the recorded minute", () => {
    const at40 = vitals.bp.find((r) => r.observation === "Observation/iv-s3-bp-40min");
    expect(at40).toMatchObject({ minute: 40, value: 144, diastolic: 88, alert: false, timePoint: "intra-session" });
  });

  it("leaves out baseline vitals (no partOf) and other sessions' vitals", () => {
    const all = Object.values(vitals).flat().map((r) => r.observation);
    expect(all).not.toContain("Observation/iv-baseline-bp");
    expect(all.some((o) => o.includes("-s1-"))).toBe(false);
  });

  it("marks the readings a DetectedIssue implicates, unless the issue is entered in error", () => {
    const issue = (status: fhir4.DetectedIssue["status"]): fhir4.DetectedIssue => ({
      resourceType: "DetectedIssue",
      status,
      implicated: [{ reference: "Observation/iv-s3-hr-20min" }],
    });
    const flagged = sessionVitals(observations, session, [issue("final")], THRESHOLDS);
    expect(flagged.hr.filter((r) => r.alert).map((r) => r.observation)).toEqual(["Observation/iv-s3-hr-20min"]);
    const retracted = sessionVitals(observations, session, [issue("entered-in-error")], THRESHOLDS);
    expect(retracted.hr.some((r) => r.alert)).toBe(false);
  });

  it("plots exactly observation, minute, value, diastolic (blood pressure only) and alert", () => {
    expect(Object.keys(plotted(vitals.bp[0])).sort()).toEqual(["alert", "diastolic", "minute", "observation", "value"]);
    expect(Object.keys(plotted(vitals.hr[0])).sort()).toEqual(["alert", "minute", "observation", "value"]);
  });
});

describe("minutesSinceDose", () => {
  it.each([
    ["recorded minute wins", { minutesAfterStart: 25, effective: "2026-01-09T09:40:00Z" }, 25],
    ["else time since the session start", { effective: "2026-01-09T09:30:00Z" }, 30],
    ["negative before the dose", { effective: "2026-01-09T08:55:00Z" }, -5],
    ["unknown without either", {}, undefined],
  ])("%s", (_name, given: { minutesAfterStart?: number; effective?: string }, expected) => {
    const o: fhir4.Observation = {
      resourceType: "Observation",
      status: "final",
      code: {},
      effectiveDateTime: given.effective,
      extension:
        given.minutesAfterStart === undefined
          ? []
          : [
              {
                url: "https://ketaminefhir.org/ig/StructureDefinition/session-time-point",
                extension: [{ url: "minutesAfterStart", valueInteger: given.minutesAfterStart }],
              },
            ],
    };
    expect(minutesSinceDose(o, "2026-01-09T09:00:00Z")).toBe(expected);
  });
});

/**
 * The alert boundaries, one table with the server's VitalSignAlertsTest: src/test/resources/vital-sign-alerts/
 * boundaries.json. Its limits are the shipped defaults in config.json's shape, read here as the dashboard reads them.
 */
interface BoundaryRow {
  name: string;
  vital: string;
  timePoint?: string;
  value: number;
  diastolic?: number;
  alert: string | null;
}
const BOUNDARIES = JSON.parse(
  readFileSync(fileURLToPath(new URL("../../../../test/resources/vital-sign-alerts/boundaries.json", import.meta.url)), "utf8"),
) as { limits: Pick<Thresholds, "predoseBloodPressure" | "vitals">; rows: BoundaryRow[] };
const BOUNDARY_LIMITS = parseConfig({
  fhirBase: "http://h/fhir",
  clientId: "c",
  scopes: { staff: "s", patient: "p" },
  thresholds: { ...BOUNDARIES.limits, progress: THRESHOLDS.progress },
}).thresholds;
const KINDS: Record<string, VitalKind> = { BLOOD_PRESSURE: "bp", HEART_RATE: "hr", OXYGEN_SATURATION: "spo2", RESPIRATORY_RATE: "rr" };

describe("beyondLimit at the configured boundaries, as the server's alerts", () => {
  it("reads the shared table", () => {
    expect(BOUNDARIES.rows.length).toBeGreaterThan(0);
  });
  it.each(BOUNDARIES.rows.map((row) => [row.name, row] as const))("%s", (_name, row) => {
    const kind = KINDS[row.vital];
    expect(kind, `vital ${row.vital}`).toBeDefined();
    expect(beyondLimit(kind, row.value, row.diastolic, row.timePoint === "pre-dose", BOUNDARY_LIMITS)).toBe(row.alert !== null);
  });
});

describe("alertBands come from the thresholds", () => {
  it("blood pressure: session bands from the alert level up, pre-dose lines", () => {
    expect(alertBands("bp", THRESHOLDS)).toEqual([
      { kind: "band", axis: "systolic", from: 180, to: null },
      { kind: "band", axis: "diastolic", from: 110, to: null },
      { kind: "line", axis: "systolic", at: 140 },
      { kind: "line", axis: "diastolic", at: 90 },
    ]);
  });
  it("heart rate, SpO2 and respiratory rate", () => {
    expect(alertBands("hr", THRESHOLDS)).toEqual([
      { kind: "band", axis: "value", from: null, to: 50 },
      { kind: "band", axis: "value", from: 110, to: null },
    ]);
    expect(alertBands("spo2", THRESHOLDS)).toEqual([{ kind: "band", axis: "value", from: null, to: 92 }]);
    expect(alertBands("rr", THRESHOLDS)).toEqual([
      { kind: "band", axis: "value", from: null, to: 10 },
      { kind: "band", axis: "value", from: 24, to: null },
    ]);
  });
  it("follows a clinic's own thresholds", () => {
    const own = { ...THRESHOLDS, vitals: { ...THRESHOLDS.vitals, oxygenSaturationBelow: 94 } };
    expect(alertBands("spo2", own)).toEqual([{ kind: "band", axis: "value", from: null, to: 94 }]);
  });
});
