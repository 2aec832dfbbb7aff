// The open safety alerts (DetectedIssue, status preliminary) with an acknowledge action for staff.
import type { ViewContext } from "../context";
import { h, timeEl } from "../dom";
import { acknowledged, openAlerts, ruleId, type OpenAlert } from "../model/alerts";
import { errorStatus } from "../model/errors";

const SEVERITY_TEXT: Record<string, string> = { high: "High", moderate: "Moderate", low: "Low" };

/**
 * Acknowledging reads the alert afresh, sets status final with the signed-in user as author, and PUTs it back with
 * If-Match, so that an alert changed meanwhile by someone else is not overwritten (the server answers 412).
 */
export function renderAlerts(
  ctx: ViewContext,
  issues: fhir4.DetectedIssue[],
  events: { onAcknowledged(issue: fhir4.DetectedIssue): void },
): HTMLElement {
  const list = h("ul", { id: "alerts", class: "alerts" });
  const empty = h("p", { class: "muted", id: "no-alerts" }, "No open safety alerts.");
  const box = h("div", {}, list, empty);

  const refresh = () => {
    empty.hidden = list.children.length > 0;
    list.hidden = list.children.length === 0;
  };

  const acknowledge = async (alert: OpenAlert, button: HTMLButtonElement, item: HTMLElement) => {
    button.disabled = true;
    button.textContent = "Acknowledging\u2026";
    try {
      const current = await ctx.api.get<fhir4.DetectedIssue>(`DetectedIssue/${encodeURIComponent(alert.id)}`);
      const saved = await ctx.api.put(acknowledged(current, ctx.fhirUser));
      item.remove();
      refresh();
      ctx.showNotice(`Alert acknowledged: ${alert.codeText || alert.id}.`);
      events.onAcknowledged(saved);
    } catch (e) {
      button.disabled = false;
      button.textContent = "Acknowledge";
      ctx.showError(e, errorStatus(e) === 412 ? "The alert was changed by someone else; reload the page" : "Could not acknowledge the alert");
    }
  };

  for (const alert of openAlerts(issues)) {
    const button = h("button", { type: "button", "data-action": "acknowledge", class: "primary small" }, "Acknowledge");
    const item = h(
      "li",
      { "data-issue-id": alert.id, "data-severity": alert.severity, "data-rule": ruleId(alert.detail) },
      h(
        "div",
        { class: "alert-head" },
        h("span", { class: `badge badge-alert severity-${alert.severity ?? "unknown"}` }, `\u26A0 ${SEVERITY_TEXT[alert.severity ?? ""] ?? "Alert"}`),
        h("strong", {}, alert.codeText),
        alert.identified ? [" \u00B7 ", timeEl(alert.identified)] : null,
      ),
      h("p", { class: "alert-detail" }, alert.detail),
      alert.implicated.length ? h("p", { class: "muted small" }, `Implicated: ${alert.implicated.join(", ")}`) : null,
      ctx.staff ? button : null,
    );
    button.setAttribute("aria-label", `Acknowledge alert: ${alert.codeText} ${alert.detail}`.trim());
    button.addEventListener("click", () => void acknowledge(alert, button, item));
    list.append(item);
  }
  refresh();
  return box;
}
