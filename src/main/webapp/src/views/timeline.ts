// The patient's timeline: screening (outcome and reasons), the plan, and each session.
import { h, localDate, timeEl } from "../dom";
import { formatNumber } from "../model/fhir";
import { phaseText } from "../model/sessions";
import type { PlanItem, ScreeningItem, SessionItem, TimelineItem } from "../model/timeline";


function screening(item: ScreeningItem): HTMLElement {
  return h(
    "li",
    { "data-kind": "screening", "data-id": item.id, "data-outcome": item.outcomeCode },
    h("div", { class: "when" }, timeEl(item.date)),
    h(
      "div",
      { class: "what" },
      h("strong", {}, "Screening: "),
      h("span", { class: `outcome outcome-${item.outcomeCode ?? "none"}` }, item.outcome),
      item.reasons.length ? h("ul", { class: "reasons" }, item.reasons.map((r) => h("li", {}, r))) : null,
    ),
  );
}

function plan(item: PlanItem): HTMLElement {
  const period = [item.start ? localDate(item.start) : "", item.end ? localDate(item.end) : ""].filter(Boolean).join(" to ");
  return h(
    "li",
    { "data-kind": "plan", "data-id": item.id, "data-status": item.status },
    h("div", { class: "when" }, timeEl(item.date, false)),
    h(
      "div",
      { class: "what" },
      h("strong", {}, "Treatment plan"),
      ` (${item.status}${period ? `, ${period}` : ""})`,
      item.description ? h("p", {}, item.description) : null,
    ),
  );
}

function session(item: SessionItem, patientId: string): HTMLElement {
  const s = item.session;
  const dose = [
    s.doseMg !== undefined ? `${formatNumber(s.doseMg)} ${s.doseUnit ?? "mg"}` : "",
    s.dosePerKg !== undefined ? `${formatNumber(s.dosePerKg, 3)} mg/kg` : "",
    s.dosingWeightKg !== undefined ? `at ${formatNumber(s.dosingWeightKg, 1)} kg` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const facts = [
    s.route,
    dose,
    s.durationMinutes !== undefined ? `${s.durationMinutes} min` : "",
    s.status !== "completed" ? s.status : "",
  ].filter(Boolean);
  const title = `Session${s.sessionNumber !== undefined ? ` ${s.sessionNumber}` : ""}${s.phase ? ` (${phaseText(s.phase)})` : ""}`;
  const vitalsHref = `#/patient/${encodeURIComponent(patientId)}/session/${encodeURIComponent(s.id)}`;
  return h(
    "li",
    { "data-kind": "session", "data-session-id": s.id, "data-status": s.status },
    h("div", { class: "when" }, timeEl(item.date)),
    h(
      "div",
      { class: "what" },
      h("strong", {}, title),
      `: ${facts.join(" \u00B7 ")}`,
      h(
        "p",
        { class: "small" },
        h("span", { "data-field": "side-effects" }, `Side effects: ${item.sideEffects.length ? item.sideEffects.join(", ") : "none recorded"}`),
        ". ",
        h("span", { "data-field": "discharge" }, item.discharge ? `${item.discharge}.` : "Discharge not recorded."),
      ),
      h(
        "p",
        { class: "actions" },
        h("a", { href: vitalsHref, class: "button-link", "data-action": "vitals" }, "Vital signs"),
        s.esketamine ? h("a", { href: `#/rems/${encodeURIComponent(s.id)}`, class: "button-link", "data-action": "rems" }, "REMS form") : null,
      ),
    ),
  );
}

export function renderTimeline(items: TimelineItem[], patientId: string): HTMLElement {
  if (!items.length) return h("p", { class: "muted" }, "No screening, plan or session recorded yet.");
  return h(
    "ol",
    { id: "timeline", class: "timeline" },
    items.map((item) => (item.kind === "screening" ? screening(item) : item.kind === "plan" ? plan(item) : session(item, patientId))),
  );
}
