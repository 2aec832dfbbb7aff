// The open safety alerts (DetectedIssue, status preliminary), suicide-risk alerts first, with an acknowledge action for
// staff; a suicide-risk alert is reviewed instead (rule ALERT-REVIEW: what was done, when, by which practitioner).
import type { ViewContext } from "../context";
import { h, timeEl } from "../dom";
import { acknowledged, isPractitioner, openAlerts, REVIEW_ACTIONS, reviewed, ruleId, type OpenAlert } from "../model/alerts";
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

  const review = async (alert: OpenAlert, form: HTMLFormElement, item: HTMLElement) => {
    const chosen = form.querySelector<HTMLInputElement>("input[type=radio]:checked")?.value;
    const note = form.querySelector<HTMLTextAreaElement>("textarea")?.value;
    const record = form.querySelector<HTMLButtonElement>("button[data-action=record-review]");
    if (!chosen) {
      ctx.showError("choose what was done", "Could not record the review");
      form.querySelector<HTMLInputElement>("input[type=radio]")?.focus();
      return;
    }
    if (!isPractitioner(ctx.fhirUser)) {
      ctx.showError(`the signed-in user (${ctx.fhirUser ?? "unknown"}) is not a Practitioner`, "Only a practitioner can review a suicide-risk alert");
      return;
    }
    if (record) record.disabled = true;
    try {
      const current = await ctx.api.get<fhir4.DetectedIssue>(`DetectedIssue/${encodeURIComponent(alert.id)}`);
      const saved = await ctx.api.put(reviewed(current, { action: chosen, note, practitioner: ctx.fhirUser, now: new Date() }));
      item.remove();
      refresh();
      ctx.showNotice(`Review recorded: ${alert.codeText || alert.id}.`);
      events.onAcknowledged(saved);
    } catch (e) {
      if (record) record.disabled = false;
      ctx.showError(e, errorStatus(e) === 412 ? "The alert was changed by someone else; reload the page" : "Could not record the review");
    }
  };

  const reviewForm = (alert: OpenAlert, item: HTMLElement): HTMLFormElement => {
    const name = `review-action-${alert.id}`;
    const form = h(
      "form",
      { class: "review-form", "data-issue-id": alert.id, hidden: true },
      h(
        "fieldset",
        {},
        h("legend", {}, "What was done"),
        REVIEW_ACTIONS.map((a) =>
          h("label", { class: "choice" }, h("input", { type: "radio", name, value: a.code, "data-code": a.code }), ` ${a.display}`),
        ),
      ),
      h("label", { for: `review-note-${alert.id}` }, "Note (optional)"),
      h("textarea", { id: `review-note-${alert.id}`, rows: 2 }),
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "submit", class: "primary small", "data-action": "record-review" }, "Record review"),
      ),
    ) as HTMLFormElement;
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void review(alert, form, item);
    });
    return form;
  };

  for (const alert of openAlerts(issues)) {
    const suicideRisk = alert.suicideRisk;
    const button = h(
      "button",
      { type: "button", "data-action": suicideRisk ? "review" : "acknowledge", class: "primary small", ...(suicideRisk ? { "aria-expanded": "false" } : {}) },
      suicideRisk ? "Review" : "Acknowledge",
    );
    const item = h(
      "li",
      {
        "data-issue-id": alert.id,
        "data-severity": alert.severity,
        "data-rule": ruleId(alert.detail),
        "data-code": alert.code,
        "data-suicide-risk": String(suicideRisk),
        class: suicideRisk ? "suicide-risk" : null,
      },
      h(
        "div",
        { class: "alert-head" },
        h("span", { class: `badge badge-alert severity-${alert.severity ?? "unknown"}` }, `\u26A0 ${SEVERITY_TEXT[alert.severity ?? ""] ?? "Alert"}`),
        suicideRisk ? h("span", { class: "badge badge-alert" }, "Suicide risk") : null,
        h("strong", {}, alert.codeText),
        alert.identified ? [" \u00B7 ", timeEl(alert.identified)] : null,
      ),
      h("p", { class: "alert-detail" }, alert.detail),
      alert.implicated.length ? h("p", { class: "muted small" }, `Implicated: ${alert.implicated.join(", ")}`) : null,
      suicideRisk ? h("p", { class: "small" }, "Review before the next session: record what was done (rule SUICIDE-RISK-REVIEW).") : null,
      ctx.staff ? button : null,
    );
    if (suicideRisk) {
      const form = reviewForm(alert, item);
      if (ctx.staff) item.append(form);
      button.setAttribute("aria-label", `Review suicide-risk alert: ${alert.codeText} ${alert.detail}`.trim());
      button.addEventListener("click", () => {
        form.hidden = !form.hidden;
        button.setAttribute("aria-expanded", String(!form.hidden));
        if (!form.hidden) form.querySelector<HTMLInputElement>("input[type=radio]")?.focus();
      });
    } else {
      button.setAttribute("aria-label", `Acknowledge alert: ${alert.codeText} ${alert.detail}`.trim());
      button.addEventListener("click", () => void acknowledge(alert, button, item));
    }
    list.append(item);
  }
  refresh();
  return box;
}
