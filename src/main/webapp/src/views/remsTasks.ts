// #/rems: the REMS monitoring forms still to complete or to submit, across patients (the open REMS Tasks), by due
// date, overdue ones marked; each opens its session's form.
import type { View, ViewContext } from "../context";
import { h, localDate } from "../dom";
import { patientName } from "../model/fhir";
import { DUE_TEXT, OPEN_REMS_TASKS, remsTaskRows, taskStatusText, type RemsTaskRow } from "../model/rems";

function row(r: RemsTaskRow): HTMLElement {
  const badge =
    r.state === "overdue" || r.state === "due-today"
      ? h("span", { class: `badge ${r.state === "overdue" ? "badge-alert" : "badge-due"}` }, DUE_TEXT[r.state])
      : null;
  return h(
    "tr",
    { "data-task-id": r.taskId, "data-session-id": r.sessionId, "data-due": r.state, "data-status": r.status, class: r.state === "overdue" ? "overdue" : undefined },
    h("td", { "data-col": "patient" }, r.patientId ? h("a", { href: `#/patient/${encodeURIComponent(r.patientId)}` }, r.patientName ?? r.patientId) : r.patientName ?? ""),
    h("td", { "data-col": "session" }, r.sessionDate ? h("time", { datetime: r.sessionDate }, localDate(r.sessionDate)) : r.sessionId ?? "\u2014"),
    h("td", { "data-col": "due" }, r.due ? h("time", { datetime: r.due }, localDate(r.due)) : "\u2014", badge ? [" ", badge] : null),
    h("td", { "data-col": "status" }, taskStatusText(r.status)),
    h(
      "td",
      { "data-col": "form" },
      r.sessionId
        ? h("a", { href: `#/rems/${encodeURIComponent(r.sessionId)}`, class: "button-link", "data-action": "open-rems" }, r.status === "in-progress" ? "Record the submission" : "Complete the form")
        : "No session named",
    ),
  );
}

export function renderRemsTasks(ctx: ViewContext, container: HTMLElement): View {
  const status = h("p", { class: "loading", role: "status" }, "Loading the REMS forms due\u2026");
  const body = h("div");
  container.append(
    h(
      "section",
      { id: "rems-tasks-view", class: "panel", "aria-labelledby": "rems-tasks-title" },
      h("h2", { id: "rems-tasks-title" }, "SPRAVATO\u00AE REMS monitoring forms to submit"),
      h(
        "p",
        { class: "muted" },
        "Every esketamine session's form is due at the SPRAVATO REMS within the clinic's deadline after the session; the earliest due first.",
      ),
      status,
      body,
    ),
  );
  (async () => {
    try {
      const rows = remsTaskRows(await ctx.api.search(OPEN_REMS_TASKS), new Date(), patientName);
      if (!ctx.isCurrent()) return;
      status.hidden = true;
      if (!rows.length) {
        body.append(h("p", { id: "no-rems-tasks" }, "No REMS form is waiting."));
        return;
      }
      const overdue = rows.filter((r) => r.state === "overdue").length;
      body.append(
        h("p", { id: "rems-tasks-summary", "data-overdue": overdue, "data-open": rows.length }, `${rows.length} open, ${overdue} overdue.`),
        h(
          "div",
          { class: "table-scroll" },
          h(
            "table",
            { id: "rems-tasks", class: "data" },
            h("caption", {}, "Open REMS tasks by due date"),
            h("thead", {}, h("tr", {}, ["Patient", "Session", "Due by", "Status", "Form"].map((t) => h("th", { scope: "col" }, t)))),
            h("tbody", {}, rows.map(row)),
          ),
        ),
      );
    } catch (e) {
      if (!ctx.isCurrent()) return;
      status.textContent = "The REMS tasks could not be loaded.";
      ctx.showError(e);
    }
  })();
  return {};
}
