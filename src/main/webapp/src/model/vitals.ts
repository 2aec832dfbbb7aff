// Session vital signs: series per vital with minutes since the dose, alert flags, and the alert bands to shade.
import type { Thresholds } from "./config";
import { extension, extensionValue, hasCoding, LOINC, referenceKey, sd, toTime } from "./fhir";

export type VitalKind = "bp" | "hr" | "spo2" | "rr";
export const VITAL_KINDS: VitalKind[] = ["bp", "hr", "spo2", "rr"];

export const VITAL_LABELS: Record<VitalKind, { title: string; unit: string; axis: string }> = {
  bp: { title: "Blood pressure", unit: "mmHg", axis: "Blood pressure (mmHg)" },
  hr: { title: "Heart rate", unit: "/min", axis: "Heart rate (/min)" },
  spo2: { title: "Oxygen saturation (SpO\u2082)", unit: "%", axis: "SpO\u2082 (%)" },
  rr: { title: "Respiratory rate", unit: "/min", axis: "Respiratory rate (/min)" },
};

export const BP_PANEL = "85354-9";
export const SYSTOLIC = "8480-6";
export const DIASTOLIC = "8462-4";
export const HEART_RATE = "8867-4";
export const SPO2 = ["2708-6", "59408-5"];
export const RESPIRATORY_RATE = "9279-1";

/** One plotted point: exactly what goes to Chart.js and to the canvas' data-points. */
export interface VitalPoint {
  observation: string;
  minute: number;
  value: number;
  diastolic?: number;
  alert: boolean;
}

export type TimePoint = "pre-dose" | "intra-session" | "pre-discharge";

/** A row of the vitals data table: the plotted point plus what a person needs beside it. */
export interface VitalRow extends VitalPoint {
  timePoint?: TimePoint;
  effective?: string;
  /** Whether the value crosses the configured limits as the server's rules read them. */
  beyondLimit: boolean;
}

export type SessionVitals = Record<VitalKind, VitalRow[]>;

export function vitalKind(observation: fhir4.Observation): VitalKind | undefined {
  const code = observation.code;
  if (hasCoding(code, LOINC, BP_PANEL)) return "bp";
  if (hasCoding(code, LOINC, HEART_RATE)) return "hr";
  if (SPO2.some((c) => hasCoding(code, LOINC, c))) return "spo2";
  if (hasCoding(code, LOINC, RESPIRATORY_RATE)) return "rr";
  return undefined;
}

export function timePoint(observation: fhir4.Observation): { point?: TimePoint; minutesAfterStart?: number } {
  const tp = extension(observation, sd("session-time-point"));
  const point = extensionValue(extension(tp, "point"));
  const minutes = extensionValue(extension(tp, "minutesAfterStart"));
  return {
    point: typeof point === "string" ? (point as TimePoint) : undefined,
    minutesAfterStart: typeof minutes === "number" ? minutes : undefined,
  };
}

/**
 * Minutes since the dose: the recorded minutesAfterStart if present, else the Observation's time minus the session's
 * start, in minutes (negative before the dose). Undefined when neither is known.
 */
export function minutesSinceDose(observation: fhir4.Observation, sessionStart: string | undefined): number | undefined {
  const { minutesAfterStart } = timePoint(observation);
  if (minutesAfterStart !== undefined) return minutesAfterStart;
  const at = toTime(observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.effectiveInstant);
  const start = toTime(sessionStart);
  if (at === undefined || start === undefined) return undefined;
  return (at - start) / 60000;
}

function componentValue(observation: fhir4.Observation, code: string): number | undefined {
  const component = observation.component?.find((c) => hasCoding(c.code, LOINC, code));
  return component?.valueQuantity?.value;
}

/** Every "Observation/<id>" any DetectedIssue implicates, whatever its status. */
export function implicatedObservations(issues: fhir4.DetectedIssue[]): Set<string> {
  const out = new Set<string>();
  for (const issue of issues) {
    if (issue.status === "entered-in-error") continue;
    for (const ref of issue.implicated ?? []) {
      const key = referenceKey(ref.reference);
      if (key?.startsWith("Observation/")) out.add(key);
    }
  }
  return out;
}

/**
 * Whether a reading crosses the configured limits as the server's alert rules read them: before the dose, blood
 * pressure above the pre-dose level (systolic > systolicAbove or diastolic > diastolicAbove); otherwise blood pressure
 * at or above the session level (systolic ≥ or diastolic ≥); heart rate < heartRateBelow or > heartRateAbove; SpO2 <
 * oxygenSaturationBelow; respiratory rate < respiratoryRateBelow or > respiratoryRateAbove. Held to the server's
 * VitalSignAlerts by one boundary table both test suites read (src/test/resources/vital-sign-alerts/boundaries.json).
 */
export function beyondLimit(
  kind: VitalKind,
  value: number,
  diastolic: number | undefined,
  predose: boolean,
  thresholds: Thresholds,
): boolean {
  const v = thresholds.vitals;
  switch (kind) {
    case "bp":
      if (predose) {
        const p = thresholds.predoseBloodPressure;
        return value > p.systolicAbove || (diastolic !== undefined && diastolic > p.diastolicAbove);
      }
      return value >= v.sessionSystolicAtLeast || (diastolic !== undefined && diastolic >= v.sessionDiastolicAtLeast);
    case "hr":
      return value < v.heartRateBelow || value > v.heartRateAbove;
    case "spo2":
      return value < v.oxygenSaturationBelow;
    case "rr":
      return value < v.respiratoryRateBelow || value > v.respiratoryRateAbove;
  }
}

/**
 * The session's vital signs, per vital, ordered by minute. Observations not partOf this session, entered in error or
 * cancelled, without a value, or without a known minute are left out. `alert` marks an Observation any DetectedIssue
 * implicates.
 */
export function sessionVitals(
  observations: fhir4.Observation[],
  session: fhir4.MedicationAdministration,
  issues: fhir4.DetectedIssue[],
  thresholds: Thresholds,
): SessionVitals {
  const out: SessionVitals = { bp: [], hr: [], spo2: [], rr: [] };
  const sessionKey = `MedicationAdministration/${session.id}`;
  const implicated = implicatedObservations(issues);
  const start = session.effectivePeriod?.start ?? session.effectiveDateTime;
  for (const observation of observations) {
    if (observation.status === "entered-in-error" || observation.status === "cancelled") continue;
    if (!(observation.partOf ?? []).some((p) => referenceKey(p.reference) === sessionKey)) continue;
    const kind = vitalKind(observation);
    if (!kind) continue;
    const minute = minutesSinceDose(observation, start);
    if (minute === undefined || Number.isNaN(minute)) continue;
    let value: number | undefined;
    let diastolic: number | undefined;
    if (kind === "bp") {
      value = componentValue(observation, SYSTOLIC);
      diastolic = componentValue(observation, DIASTOLIC);
      if (value === undefined || diastolic === undefined) continue;
    } else {
      value = observation.valueQuantity?.value;
      if (value === undefined) continue;
    }
    const ref = `Observation/${observation.id}`;
    const tp = timePoint(observation);
    const predose = tp.point === "pre-dose" || (tp.point === undefined && minute < 0);
    const row: VitalRow = {
      observation: ref,
      minute,
      value,
      ...(kind === "bp" ? { diastolic } : {}),
      alert: implicated.has(ref),
      timePoint: tp.point,
      effective: observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.effectiveInstant,
      beyondLimit: beyondLimit(kind, value, diastolic, predose, thresholds),
    };
    out[kind].push(row);
  }
  for (const kind of VITAL_KINDS) out[kind].sort((a, b) => a.minute - b.minute);
  return out;
}

/** The plotted part of a row, exactly: observation, minute, value, diastolic (blood pressure only), alert. */
export function plotted(row: VitalRow): VitalPoint {
  const point: VitalPoint = { observation: row.observation, minute: row.minute, value: row.value, alert: row.alert };
  if (row.diastolic !== undefined) point.diastolic = row.diastolic;
  return point;
}

export type Band =
  | { kind: "band"; axis: string; from: number | null; to: number | null }
  | { kind: "line"; axis: string; at: number };

/**
 * The alert bands (shaded) and lines (dashed) of a vital's chart, from the configured thresholds. Blood pressure: a band
 * per component from the session alert level up, and a line per component at the pre-dose warning level. Heart rate and
 * respiratory rate: below the low level and above the high level. SpO2: below its level. `axis` names the plotted value
 * the band applies to: "systolic"/"diastolic" for blood pressure, "value" otherwise.
 */
export function alertBands(kind: VitalKind, thresholds: Thresholds): Band[] {
  const v = thresholds.vitals;
  switch (kind) {
    case "bp":
      return [
        { kind: "band", axis: "systolic", from: v.sessionSystolicAtLeast, to: null },
        { kind: "band", axis: "diastolic", from: v.sessionDiastolicAtLeast, to: null },
        { kind: "line", axis: "systolic", at: thresholds.predoseBloodPressure.systolicAbove },
        { kind: "line", axis: "diastolic", at: thresholds.predoseBloodPressure.diastolicAbove },
      ];
    case "hr":
      return [
        { kind: "band", axis: "value", from: null, to: v.heartRateBelow },
        { kind: "band", axis: "value", from: v.heartRateAbove, to: null },
      ];
    case "spo2":
      return [{ kind: "band", axis: "value", from: null, to: v.oxygenSaturationBelow }];
    case "rr":
      return [
        { kind: "band", axis: "value", from: null, to: v.respiratoryRateBelow },
        { kind: "band", axis: "value", from: v.respiratoryRateAbove, to: null },
      ];
  }
}
