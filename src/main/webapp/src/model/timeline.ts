// The patient's timeline: screening, treatment plan and sessions, in date order.
import {
  conceptText,
  cs,
  declares,
  extension,
  extensions,
  extensionValue,
  hasCoding,
  OBSERVATION_CODES,
  formatNumber,
  sd,
  SNOMED,
  toTime,
} from "./fhir";
import { ROUTES, type SessionNotes, type SessionSummary } from "./sessions";

export interface ScreeningItem {
  kind: "screening";
  id: string;
  date?: string;
  outcomeCode?: string;
  outcome: string;
  reasons: string[];
}

export interface PlanItem {
  kind: "plan";
  id: string;
  date?: string;
  start?: string;
  end?: string;
  status: string;
  description: string;
}

export interface SessionItem {
  kind: "session";
  id: string;
  date?: string;
  session: SessionSummary;
  sideEffects: string[];
  discharge?: string;
}

export type TimelineItem = ScreeningItem | PlanItem | SessionItem;

export function isScreening(observation: fhir4.Observation): boolean {
  return hasCoding(observation.code, OBSERVATION_CODES, "ketamine-screening") || declares(observation, "ketamine-screening");
}

/** A screening: its date, outcome and each reason as "RULE: detail". */
export function screeningItem(observation: fhir4.Observation): ScreeningItem {
  const outcome = observation.valueCodeableConcept;
  const coding = outcome?.coding?.find((c) => c.system === cs("eligibility-outcome")) ?? outcome?.coding?.[0];
  const reasons = extensions(observation, sd("eligibility-reason")).map((reason) => {
    const rule = extensionValue(extension(reason, "rule"));
    const detail = extensionValue(extension(reason, "detail"));
    return [typeof rule === "string" ? rule : "", typeof detail === "string" ? detail : ""].filter(Boolean).join(": ");
  });
  return {
    kind: "screening",
    id: observation.id ?? "",
    date: observation.effectiveDateTime ?? observation.effectivePeriod?.start ?? observation.issued,
    outcomeCode: coding?.code,
    outcome: conceptText(outcome) || (observation.dataAbsentReason ? conceptText(observation.dataAbsentReason) : "No outcome"),
    reasons: reasons.filter(Boolean),
  };
}

function isKetamineSession(activity: fhir4.CarePlanActivity): boolean {
  return hasCoding(activity.detail?.code, cs("plan-activity"), "ketamine-session");
}

export function activityPhase(activity: fhir4.CarePlanActivity): string | undefined {
  const phase = extensionValue(extension(activity, sd("treatment-phase")));
  return typeof phase === "string" ? phase : undefined;
}

const INACTIVE_ACTIVITY = new Set(["cancelled", "entered-in-error", "stopped"]);

/** Whether a CarePlan is a ketamine treatment plan that counts (not entered in error or revoked). */
export function isTreatmentPlan(plan: fhir4.CarePlan): boolean {
  const marked =
    declares(plan, "ketamine-treatment-plan") ||
    (plan.category ?? []).some((c) => hasCoding(c, cs("plan-activity"), "ketamine-session"));
  return marked && plan.status !== "entered-in-error" && plan.status !== "revoked";
}

/** Sessions planned: the ketamine-session activities with a scheduledPeriod (cancelled ones left out) of the treatment plans. */
export function sessionsPlanned(plans: fhir4.CarePlan[]): number {
  let count = 0;
  for (const plan of plans) {
    if (!isTreatmentPlan(plan)) continue;
    for (const activity of plan.activity ?? []) {
      if (!isKetamineSession(activity) || !activity.detail?.scheduledPeriod) continue;
      if (activity.detail.status && INACTIVE_ACTIVITY.has(activity.detail.status)) continue;
      count++;
    }
  }
  return count;
}

function dateOnly(dateTime: string | undefined): string {
  return dateTime ? dateTime.slice(0, 10) : "";
}

function timingText(timing: fhir4.Timing | undefined): string {
  const repeat = timing?.repeat;
  if (!repeat) return "";
  const parts: string[] = [];
  if (repeat.frequency !== undefined && repeat.period !== undefined && repeat.periodUnit) {
    const unit = { s: "second", min: "minute", h: "hour", d: "day", wk: "week", mo: "month", a: "year" }[repeat.periodUnit];
    const every = repeat.period === 1 ? unit : `${formatNumber(repeat.period)} ${unit}s`;
    parts.push(repeat.frequency === 1 ? `once every ${every}` : `${repeat.frequency} times every ${every}`);
  }
  const bounds = repeat.boundsPeriod;
  if (bounds?.start && bounds?.end) parts.push(`${dateOnly(bounds.start)} to ${dateOnly(bounds.end)}`);
  else if (bounds?.start) parts.push(`from ${dateOnly(bounds.start)}`);
  return parts.join(", ");
}

/**
 * The plan's protocol in words: its description if it has one, else per phase the planned ketamine sessions (count,
 * route, mg/kg, dates) and the maintenance schedule, then any other activity's description.
 */
export function planDescription(plan: fhir4.CarePlan): string {
  if (plan.description) return plan.description;
  const phrases: string[] = [];
  const byPhase = new Map<string, fhir4.CarePlanActivity[]>();
  for (const activity of plan.activity ?? []) {
    if (!isKetamineSession(activity)) continue;
    const phase = activityPhase(activity) ?? "sessions";
    byPhase.set(phase, [...(byPhase.get(phase) ?? []), activity]);
  }
  for (const [phase, activities] of byPhase) {
    const first = activities[0].detail;
    const routeCoding = (extensionValue(extension(first, sd("planned-route"))) as fhir4.CodeableConcept | undefined)?.coding?.find(
      (c) => c.system === SNOMED,
    );
    const route = routeCoding?.code ? ROUTES[routeCoding.code] ?? routeCoding.display ?? "" : "";
    const perKg = (extensionValue(extension(first, sd("dose-per-kg"))) as fhir4.Quantity | undefined)?.value;
    const how = [route, perKg !== undefined ? `${formatNumber(perKg)} mg/kg` : first?.description ?? ""].filter(Boolean).join(" ");
    const scheduled = activities.filter((a) => a.detail?.scheduledPeriod?.start);
    const timed = activities.filter((a) => a.detail?.scheduledTiming);
    const label = phase.charAt(0).toUpperCase() + phase.slice(1);
    if (scheduled.length) {
      const starts = scheduled.map((a) => a.detail?.scheduledPeriod?.start as string).sort();
      const span = starts.length > 1 ? `${dateOnly(starts[0])} to ${dateOnly(starts[starts.length - 1])}` : dateOnly(starts[0]);
      phrases.push(`${label}: ${scheduled.length} session${scheduled.length === 1 ? "" : "s"}${how ? ` ${how}` : ""}, ${span}`);
    }
    for (const activity of timed) {
      const when = timingText(activity.detail?.scheduledTiming);
      phrases.push(`${label}: ${how || "ketamine session"}${when ? ` ${when}` : ""}`);
    }
  }
  for (const activity of plan.activity ?? []) {
    if (isKetamineSession(activity)) continue;
    const text = activity.detail?.description ?? conceptText(activity.detail?.code);
    if (text) phrases.push(text);
  }
  return phrases.join("; ");
}

export function planItem(plan: fhir4.CarePlan): PlanItem {
  return {
    kind: "plan",
    id: plan.id ?? "",
    date: plan.period?.start ?? plan.created,
    start: plan.period?.start,
    end: plan.period?.end,
    status: plan.status,
    description: planDescription(plan),
  };
}

export function sessionItem(session: SessionSummary, notes: SessionNotes | undefined): SessionItem {
  return {
    kind: "session",
    id: session.id,
    date: session.start,
    session,
    sideEffects: notes?.sideEffects ?? [],
    discharge: notes?.discharge?.text,
  };
}

const KIND_ORDER: Record<TimelineItem["kind"], number> = { screening: 0, plan: 1, session: 2 };

/** Items in date order (undated last); on the same instant a screening comes before a plan before a session. */
export function sortTimeline(items: TimelineItem[]): TimelineItem[] {
  return [...items].sort((a, b) => {
    const ta = toTime(a.date) ?? Number.POSITIVE_INFINITY;
    const tb = toTime(b.date) ?? Number.POSITIVE_INFINITY;
    if (ta !== tb) return ta < tb ? -1 : 1;
    return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  });
}
