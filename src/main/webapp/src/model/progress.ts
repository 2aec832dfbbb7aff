// The $ketamine-progress Parameters, read into plain figures.
import { formatNumber, signed } from "./fhir";
import { booleanValue, numberValue, param, params, part, parts, stringValue, paramValue } from "./parameters";

export interface ScoreValue {
  /** The date as the server gave it (the Observation's effectiveDateTime). */
  date: string;
  value: number;
}

export interface InstrumentProgress {
  code: string;
  system?: string;
  display?: string;
  baseline?: number;
  baselineDate?: string;
  baselineMissing: boolean;
  latest?: number;
  latestDate?: string;
  change?: number;
  percentChange?: number;
  response?: boolean;
  remission?: boolean;
  scores: ScoreValue[];
}

export interface Progress {
  patient?: string;
  instruments: InstrumentProgress[];
  sessionsCompleted: { phase: string; count: number }[];
  cumulativeDose?: { value: number; unit: string };
  sideEffects: { finding: string; code?: string; count: number }[];
  openSafetyIssues?: number;
  openSafetyIssueRefs: string[];
  nextSessionDue?: string;
}

/** Short names of the rating scales the IG names (LOINC codes where confirmed, the IG's own codes otherwise). */
const INSTRUMENT_NAMES: Record<string, string> = {
  "44261-6": "PHQ-9",
  "70274-6": "GAD-7",
  "89209-1": "BDI-II",
  madrs: "MADRS",
  "hamd-17": "HAM-D17",
  "qids-sr16": "QIDS-SR16",
  cadss: "CADSS",
};

export function instrumentName(code: string, display?: string): string {
  return INSTRUMENT_NAMES[code] ?? display ?? code;
}

export function parseProgress(parameters: fhir4.Parameters): Progress {
  const instruments: InstrumentProgress[] = params(parameters, "instrument").map((p) => {
    const coding = paramValue(part(p, "code")) as fhir4.Coding | undefined;
    const scores: ScoreValue[] = [];
    for (const score of parts(p, "score")) {
      const date = stringValue(part(score, "date"));
      const value = numberValue(part(score, "value"));
      if (date !== undefined && value !== undefined) scores.push({ date, value });
    }
    return {
      code: coding?.code ?? "unknown",
      system: coding?.system,
      display: coding?.display,
      baseline: numberValue(part(p, "baseline")),
      baselineDate: stringValue(part(p, "baselineDate")),
      baselineMissing: booleanValue(part(p, "baselineMissing")) === true,
      latest: numberValue(part(p, "latest")),
      latestDate: stringValue(part(p, "latestDate")),
      change: numberValue(part(p, "change")),
      percentChange: numberValue(part(p, "percentChange")),
      response: booleanValue(part(p, "response")),
      remission: booleanValue(part(p, "remission")),
      scores,
    };
  });
  const sessionsCompleted = params(parameters, "sessionsCompleted").map((p) => ({
    phase: stringValue(part(p, "phase")) ?? String(paramValue(part(p, "phase")) ?? "unknown"),
    count: numberValue(part(p, "count")) ?? 0,
  }));
  const dose = paramValue(param(parameters, "cumulativeDose")) as fhir4.Quantity | undefined;
  const sideEffects = params(parameters, "sideEffect").map((p) => {
    const finding = paramValue(part(p, "finding")) as fhir4.Coding | fhir4.CodeableConcept | undefined;
    const coding: fhir4.Coding | undefined = finding && "coding" in finding ? finding.coding?.[0] : (finding as fhir4.Coding | undefined);
    const text = finding && "text" in finding && finding.text ? finding.text : coding?.display ?? coding?.code ?? "unknown";
    return { finding: text, code: coding?.code, count: numberValue(part(p, "count")) ?? 0 };
  });
  return {
    patient: (paramValue(param(parameters, "patient")) as fhir4.Reference | undefined)?.reference,
    instruments,
    sessionsCompleted,
    cumulativeDose: dose?.value === undefined ? undefined : { value: dose.value, unit: dose.unit ?? dose.code ?? "mg" },
    sideEffects,
    openSafetyIssues: numberValue(param(parameters, "openSafetyIssues")),
    openSafetyIssueRefs: params(parameters, "openSafetyIssue")
      .map((p) => (paramValue(p) as fhir4.Reference | undefined)?.reference)
      .filter((r): r is string => !!r),
    nextSessionDue: stringValue(param(parameters, "nextSessionDue")),
  };
}

/** Whether the server stated a verdict (change from baseline) for the instrument. */
export function hasVerdict(instrument: InstrumentProgress): boolean {
  return instrument.change !== undefined;
}

export type FigureName =
  | "baseline"
  | "latest"
  | "change"
  | "percentChange"
  | "response"
  | "remission"
  | "baselineMissing";

export interface Figure {
  figure: FigureName;
  label: string;
  /** The raw value, for data-value. */
  value: string;
  /** The value as shown. */
  text: string;
  /** A date that goes with it (baseline and latest). */
  date?: string;
}

const yesNo = (b: boolean) => (b ? "Yes" : "No");

/** The figures of one instrument as the dashboard lists them, only those the server gave. */
export function instrumentFigures(instrument: InstrumentProgress): Figure[] {
  const out: Figure[] = [];
  if (instrument.baseline !== undefined) {
    out.push({ figure: "baseline", label: "Baseline", value: String(instrument.baseline), text: String(instrument.baseline), date: instrument.baselineDate });
  }
  if (instrument.baselineMissing) {
    out.push({ figure: "baselineMissing", label: "Baseline missing", value: "true", text: "Yes" });
  }
  if (instrument.latest !== undefined) {
    out.push({ figure: "latest", label: "Latest", value: String(instrument.latest), text: String(instrument.latest), date: instrument.latestDate });
  }
  if (instrument.change !== undefined) {
    out.push({ figure: "change", label: "Change", value: String(instrument.change), text: signed(instrument.change) });
  }
  if (instrument.percentChange !== undefined) {
    out.push({
      figure: "percentChange",
      label: "Change (%)",
      value: String(instrument.percentChange),
      text: `${signed(instrument.percentChange, 1)} %`,
    });
  }
  if (instrument.response !== undefined) {
    out.push({ figure: "response", label: "Response", value: String(instrument.response), text: yesNo(instrument.response) });
  }
  if (instrument.remission !== undefined) {
    out.push({ figure: "remission", label: "Remission", value: String(instrument.remission), text: yesNo(instrument.remission) });
  }
  return out;
}

export function formatDose(dose: { value: number; unit: string } | undefined): string {
  return dose ? `${formatNumber(dose.value)} ${dose.unit}` : "";
}

/** Total completed sessions over all phases. */
export function sessionsDone(progress: Progress): number {
  return progress.sessionsCompleted.reduce((sum, s) => sum + s.count, 0);
}
