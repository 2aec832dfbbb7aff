// Rating-scale scores over time: the series the scores chart plots, and its response and remission lines.
import type { Thresholds } from "./config";
import { declares, toTime } from "./fhir";
import { instrumentName, type Progress } from "./progress";

export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** One plotted point: exactly what goes to Chart.js and to the canvas' data-points. */
export interface ScorePoint {
  instrument: string;
  /** The score's date as given (effectiveDateTime). */
  date: string;
  value: number;
  /** Weeks since the instrument's baseline date (or its first score when it has no baseline). */
  x: number;
}

export interface InstrumentSeries {
  code: string;
  name: string;
  baseline?: number;
  /** The date x counts from. */
  origin?: string;
  points: ScorePoint[];
}

export interface ScoreLine {
  instrument: string;
  kind: "response" | "remission";
  y: number;
}

export function weeksBetween(from: string, to: string): number {
  const a = toTime(from);
  const b = toTime(to);
  if (a === undefined || b === undefined) return NaN;
  return (b - a) / WEEK_MS;
}

function seriesOf(
  code: string,
  name: string,
  scores: { date: string; value: number }[],
  baselineDate: string | undefined,
  baseline: number | undefined,
): InstrumentSeries {
  const sorted = scores
    .filter((s) => toTime(s.date) !== undefined)
    .sort((a, b) => (toTime(a.date) as number) - (toTime(b.date) as number));
  const origin = baselineDate ?? sorted[0]?.date;
  return {
    code,
    name,
    baseline,
    origin,
    points: sorted.map((s) => ({ instrument: code, date: s.date, value: s.value, x: origin ? weeksBetween(origin, s.date) : 0 })),
  };
}

/** The score series of $ketamine-progress, one per instrument, x in weeks since its baseline date. */
export function scoreSeriesFromProgress(progress: Progress): InstrumentSeries[] {
  return progress.instruments
    .filter((i) => i.scores.length > 0)
    .map((i) => seriesOf(i.code, instrumentName(i.code, i.display), i.scores, i.baselineDate, i.baseline));
}

/** Whether an Observation is an outcome score: declares ketamine-score, integer value, a date, and is not part of a session. */
export function isOutcomeScore(observation: fhir4.Observation): boolean {
  return (
    declares(observation, "ketamine-score") &&
    typeof observation.valueInteger === "number" &&
    typeof observation.effectiveDateTime === "string" &&
    !(observation.partOf && observation.partOf.length > 0) &&
    observation.status !== "entered-in-error" &&
    observation.status !== "cancelled"
  );
}

/**
 * The score series from the score Observations themselves (in-session scores such as CADSS, which are partOf a
 * session, left out). `baselines` gives per instrument code the baseline date (and value) x counts from; without one
 * x counts from the instrument's first score.
 */
export function scoreSeriesFromObservations(
  observations: fhir4.Observation[],
  baselines: Record<string, { date?: string; value?: number }> = {},
): InstrumentSeries[] {
  const byCode = new Map<string, { display?: string; scores: { date: string; value: number }[] }>();
  for (const observation of observations) {
    if (!isOutcomeScore(observation)) continue;
    const coding = observation.code.coding?.[0];
    if (!coding?.code) continue;
    const entry = byCode.get(coding.code) ?? { display: coding.display, scores: [] };
    entry.scores.push({ date: observation.effectiveDateTime as string, value: observation.valueInteger as number });
    byCode.set(coding.code, entry);
  }
  return [...byCode.entries()].map(([code, { display, scores }]) =>
    seriesOf(code, instrumentName(code, display), scores, baselines[code]?.date, baselines[code]?.value),
  );
}

/**
 * The horizontal lines of the scores chart: per instrument the response line, baseline × (1 − responseMinDrop), when
 * it has a baseline, and the remission line, the configured remission maximum, when one is configured for its code.
 */
export function scoreLines(series: InstrumentSeries[], thresholds: Thresholds["progress"]): ScoreLine[] {
  const lines: ScoreLine[] = [];
  for (const s of series) {
    if (s.baseline !== undefined) {
      lines.push({ instrument: s.code, kind: "response", y: roundTo(s.baseline * (1 - thresholds.responseMinDrop), 6) });
    }
    const remission = thresholds.remissionMaxScore[s.code];
    if (remission !== undefined) {
      lines.push({ instrument: s.code, kind: "remission", y: remission });
    }
  }
  return lines;
}

function roundTo(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** All points of all series, in series order: the scores chart's data-points. */
export function allPoints(series: InstrumentSeries[]): ScorePoint[] {
  return series.flatMap((s) => s.points);
}
