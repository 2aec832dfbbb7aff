// Ketamine sessions (MedicationAdministration declaring ketamine-session), read into what the timeline shows.
import {
  conceptText,
  cs,
  declares,
  extension,
  extensionValue,
  hasCoding,
  OBSERVATION_CODES,
  RXNORM,
  referenceKey,
  sd,
  SNOMED,
  toTime,
} from "./fhir";

export const ROUTES: Record<string, string> = {
  "47625008": "Intravenous",
  "46713006": "Nasal",
  "78421000": "Intramuscular",
};

/** The esketamine codes of the IG's esketamine-product ValueSet. */
const ESKETAMINE_CODES = [`${cs("ketamine-product")}|esketamine`, `${RXNORM}|2201623`, `${RXNORM}|2201625`];

export type Phase = "induction" | "maintenance";

const PHASE_TEXT: Record<string, string> = { screening: "Screening", induction: "Induction", maintenance: "Maintenance" };

/** A treatment phase (or "screening") as a person reads it; an unknown code as given. */
export function phaseText(phase: string | undefined): string {
  return phase === undefined ? "" : PHASE_TEXT[phase] ?? phase;
}

export interface SessionSummary {
  id: string;
  status: string;
  start?: string;
  end?: string;
  durationMinutes?: number;
  routeCode?: string;
  route: string;
  doseMg?: number;
  doseUnit?: string;
  dosePerKg?: number;
  dosingWeightKg?: number;
  dosingWeightBasis?: string;
  phase?: string;
  sessionNumber?: number;
  product: string;
  esketamine: boolean;
  lotNumber?: string;
}

export function isSession(resource: fhir4.MedicationAdministration): boolean {
  return declares(resource, "ketamine-session");
}

/** The Medication contained in the administration that its medicationReference points to ("#id"). */
export function containedMedication(session: fhir4.MedicationAdministration): fhir4.Medication | undefined {
  const ref = session.medicationReference?.reference;
  if (!ref?.startsWith("#")) return undefined;
  const id = ref.slice(1);
  return session.contained?.find((r): r is fhir4.Medication => r.resourceType === "Medication" && r.id === id);
}

function productConcept(session: fhir4.MedicationAdministration): fhir4.CodeableConcept | undefined {
  return containedMedication(session)?.code ?? session.medicationCodeableConcept;
}

export function isEsketamine(session: fhir4.MedicationAdministration): boolean {
  const concept = productConcept(session);
  return (concept?.coding ?? []).some((c) => ESKETAMINE_CODES.includes(`${c.system}|${c.code}`));
}

export function parseSession(session: fhir4.MedicationAdministration): SessionSummary {
  const dosage = session.dosage;
  const routeCoding = dosage?.route?.coding?.find((c) => c.system === SNOMED) ?? dosage?.route?.coding?.[0];
  const routeCode = routeCoding?.code;
  const dosingWeight = extension(dosage, sd("dosing-weight"));
  const weight = extensionValue(extension(dosingWeight, "weight")) as fhir4.Quantity | undefined;
  const basis = extensionValue(extension(dosingWeight, "basis"));
  const perKg = extensionValue(extension(dosage, sd("dose-per-kg"))) as fhir4.Quantity | undefined;
  const phase = extensionValue(extension(session, sd("treatment-phase")));
  const number = extensionValue(extension(session, sd("session-number")));
  const start = session.effectivePeriod?.start ?? session.effectiveDateTime;
  const end = session.effectivePeriod?.end;
  const startTime = toTime(start);
  const endTime = toTime(end);
  return {
    id: session.id ?? "",
    status: session.status,
    start,
    end,
    durationMinutes: startTime !== undefined && endTime !== undefined ? Math.round((endTime - startTime) / 60000) : undefined,
    routeCode,
    route: (routeCode && ROUTES[routeCode]) || conceptText(dosage?.route) || "",
    doseMg: dosage?.dose?.value,
    doseUnit: dosage?.dose?.unit ?? dosage?.dose?.code,
    dosePerKg: perKg?.value,
    dosingWeightKg: weight?.value,
    dosingWeightBasis: typeof basis === "string" ? basis : undefined,
    phase: typeof phase === "string" ? phase : undefined,
    sessionNumber: typeof number === "number" ? number : undefined,
    product: conceptText(productConcept(session)) || session.medicationReference?.display || "",
    esketamine: isEsketamine(session),
    lotNumber: containedMedication(session)?.batch?.lotNumber,
  };
}

/** The phase of the latest completed session, or undefined when none is completed. */
export function phaseOfLatestCompleted(sessions: SessionSummary[]): string | undefined {
  const completed = sessions
    .filter((s) => s.status === "completed" && toTime(s.start) !== undefined)
    .sort((a, b) => (toTime(a.start) as number) - (toTime(b.start) as number));
  return completed.length ? completed[completed.length - 1].phase : undefined;
}

/** What a session's Observations say beside its vitals: side effects and discharge readiness. */
export interface SessionNotes {
  sideEffects: string[];
  discharge?: { ready?: boolean; minutesMonitored?: number; text: string };
}

function component(observation: fhir4.Observation, code: string): fhir4.ObservationComponent | undefined {
  return observation.component?.find((c) => hasCoding(c.code, OBSERVATION_CODES, code));
}

export function dischargeText(observation: fhir4.Observation): { ready?: boolean; minutesMonitored?: number; text: string } {
  const ready = typeof observation.valueBoolean === "boolean" ? observation.valueBoolean : undefined;
  const minutes = component(observation, "minutes-monitored")?.valueQuantity?.value;
  const parts = [ready === undefined ? "Discharge readiness recorded" : ready ? "Ready for discharge" : "Not ready for discharge"];
  if (minutes !== undefined) parts.push(`after ${minutes} min monitoring`);
  return { ready, minutesMonitored: minutes, text: parts.join(" ") };
}

/** Side effects and discharge readiness per session id, from Observations partOf the sessions. */
export function sessionNotes(observations: fhir4.Observation[]): Map<string, SessionNotes> {
  const notes = new Map<string, SessionNotes>();
  const sorted = [...observations].sort(
    (a, b) => (toTime(a.effectiveDateTime) ?? 0) - (toTime(b.effectiveDateTime) ?? 0),
  );
  for (const observation of sorted) {
    if (observation.status === "entered-in-error" || observation.status === "cancelled") continue;
    for (const ref of observation.partOf ?? []) {
      const key = referenceKey(ref.reference);
      if (!key?.startsWith("MedicationAdministration/")) continue;
      const id = key.split("/")[1];
      const entry = notes.get(id) ?? { sideEffects: [] };
      if (declares(observation, "ketamine-side-effect")) {
        const text = conceptText(observation.valueCodeableConcept);
        if (text) entry.sideEffects.push(text);
      } else if (declares(observation, "ketamine-discharge-readiness")) {
        entry.discharge = dischargeText(observation);
      }
      notes.set(id, entry);
    }
  }
  return notes;
}
