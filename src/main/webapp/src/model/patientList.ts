// One row of the patient list per patient, from the Patient, its $ketamine-progress and its CarePlans.
import { patientName, patientSortName, signed, toTime } from "./fhir";
import { sessionsDone, type Progress } from "./progress";
import { sessionsPlanned } from "./timeline";

export const PHQ9 = "44261-6";

export type ListPhase = "screening" | "induction" | "maintenance";

export interface PatientRow {
  id: string;
  name: string;
  sortName: string;
  phase?: ListPhase | string;
  done?: number;
  planned?: number;
  phq9?: number;
  phq9Change?: number;
  nextDue?: string;
  alerts?: number;
  /** Set when this patient's figures could not be read. */
  error?: string;
}

/**
 * The treatment phase from $ketamine-progress: "screening" with no completed session; else the phase of the latest
 * completed session. The operation counts completed sessions per phase; maintenance follows induction, so any completed
 * maintenance session makes the latest one a maintenance session.
 */
export function phaseFromProgress(progress: Progress): ListPhase | string {
  const completed = progress.sessionsCompleted.filter((s) => s.count > 0);
  if (completed.length === 0) return "screening";
  if (completed.some((s) => s.phase === "maintenance")) return "maintenance";
  if (completed.some((s) => s.phase === "induction")) return "induction";
  return completed[0].phase;
}

/** "6 (−15)": the latest PHQ-9, with the change from baseline when the server gave a verdict. */
export function phq9Text(row: Pick<PatientRow, "phq9" | "phq9Change">): string {
  if (row.phq9 === undefined) return "";
  return row.phq9Change === undefined ? String(row.phq9) : `${row.phq9} (${signed(row.phq9Change)})`;
}

export function sessionsText(row: Pick<PatientRow, "done" | "planned">): string {
  if (row.done === undefined && row.planned === undefined) return "";
  return `${row.done ?? 0} / ${row.planned ?? 0}`;
}

export function patientRow(patient: fhir4.Patient, progress?: Progress, plans?: fhir4.CarePlan[]): PatientRow {
  const row: PatientRow = { id: patient.id ?? "", name: patientName(patient), sortName: patientSortName(patient) };
  if (progress) {
    const phq9 = progress.instruments.find((i) => i.code === PHQ9);
    row.phase = phaseFromProgress(progress);
    row.done = sessionsDone(progress);
    row.phq9 = phq9?.latest;
    row.phq9Change = phq9?.change;
    row.nextDue = progress.nextSessionDue;
    row.alerts = progress.openSafetyIssues ?? progress.openSafetyIssueRefs.length;
  }
  if (plans) row.planned = sessionsPlanned(plans);
  return row;
}

export type SortColumn = "name" | "phase" | "sessions" | "phq9" | "next" | "alerts";
export type SortDirection = "ascending" | "descending";

const PHASE_ORDER: Record<string, number> = { screening: 0, induction: 1, maintenance: 2 };

function sortKey(row: PatientRow, column: SortColumn): string | number | undefined {
  switch (column) {
    case "name":
      return row.sortName || row.name.toLowerCase();
    case "phase":
      return row.phase === undefined ? undefined : PHASE_ORDER[row.phase] ?? 3;
    case "sessions":
      return row.done;
    case "phq9":
      return row.phq9;
    case "next":
      return toTime(row.nextDue);
    case "alerts":
      return row.alerts;
  }
}

/** Rows sorted by a column; rows without a value go last in either direction; ties keep name order. */
export function sortRows(rows: PatientRow[], column: SortColumn, direction: SortDirection): PatientRow[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const ka = sortKey(a, column);
    const kb = sortKey(b, column);
    if (ka === undefined && kb !== undefined) return 1;
    if (kb === undefined && ka !== undefined) return -1;
    if (ka !== undefined && kb !== undefined && ka !== kb) return (ka < kb ? -1 : 1) * sign;
    return a.sortName.localeCompare(b.sortName);
  });
}
