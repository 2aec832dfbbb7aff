// #/rems/<session id>: the SPRAVATO REMS Patient Monitoring Form of an esketamine session. The IG's Questionnaire,
// pre-filled by the server's SDC $populate from the session's records (or the form already saved), rendered by
// LHC-Forms, the fields the clinician must answer marked; saved as a completed QuestionnaireResponse (the server's 422
// names what is missing), printed, and its submission to the REMS recorded, which completes the session's REMS Task.
import type { View, ViewContext } from "../context";
import { append, clear, h, localDate, localDateTime } from "../dom";
import { loadLForms } from "../lforms";
import { embeddedJson, errorStatus, errorText, operationOutcomeText } from "../model/errors";
import { referenceId } from "../model/fhir";
import { allItems, forRendering } from "../model/questionnaires";
import {
  DUE_TEXT,
  dateToLocalInput,
  dueState,
  fieldsToAnswer,
  forRenderer,
  itemTexts,
  linkIdsInOutcome,
  localInputToDateTime,
  MEDIA,
  optionalLeft,
  parsePopulated,
  populateParameters,
  REMS_QUESTIONNAIRE,
  REMS_QUESTIONNAIRE_ID,
  responseToSave,
  sessionTasksQuery,
  submissionCommunication,
  taskResponseId,
  taskStatusText,
} from "../model/rems";
import { isEsketamine } from "../model/sessions";
import { questionnaireByCanonical } from "./questionnaireForm";

/** Marks the LHC-Forms rows of these linkIds (each row is an lhc-item with id "item-<linkId>/1/1..."); returns how many were found. */
function markFields(formBox: HTMLElement, linkIds: string[], answered: Set<string>): number {
  for (const el of Array.from(formBox.querySelectorAll("[data-needs-answer]"))) {
    el.removeAttribute("data-needs-answer");
    el.removeAttribute("data-answered");
    el.classList.remove("rems-needs-answer", "rems-answered");
  }
  const rows = Array.from(formBox.querySelectorAll<HTMLElement>("lhc-item[id]"));
  let found = 0;
  for (const linkId of linkIds) {
    const prefix = `item-${linkId}/`;
    const row = rows.find((el) => el.id.startsWith(prefix) && /^(\/\d+)+$/.test(el.id.slice(prefix.length - 1)));
    if (!row) continue;
    found++;
    row.setAttribute("data-needs-answer", linkId);
    row.classList.add("rems-needs-answer");
    if (answered.has(linkId)) {
      row.setAttribute("data-answered", "true");
      row.classList.add("rems-answered");
    }
  }
  return found;
}

/** What in the rendered form tells that an answer changed: rows added or removed, inputs' classes (checked, dirty). */
const WATCH: MutationObserverInit = { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] };

function badOutcome(error: unknown): fhir4.OperationOutcome | undefined {
  const e = error as { message?: string; body?: unknown; outcome?: unknown };
  for (const candidate of [e?.outcome, e?.body, e?.message ? embeddedJson(e.message) : undefined]) {
    if (candidate && typeof candidate === "object" && (candidate as fhir4.OperationOutcome).resourceType === "OperationOutcome") {
      return candidate as fhir4.OperationOutcome;
    }
  }
  return undefined;
}

export function renderRems(ctx: ViewContext, container: HTMLElement, sessionId: string): View {
  const status = h("p", { class: "loading", role: "status" }, "Loading the monitoring form\u2026");
  const back = h("p", { class: "no-print" });
  const meta = h("div", { class: "rems-meta" });
  const taskBox = h("div", { id: "rems-task", class: "rems-task", role: "status" });
  const toAnswerBox = h("div", { id: "rems-to-answer", class: "rems-to-answer no-print" });
  const formBox = h("div", { id: "rems-form", class: "questionnaire-form rems-form" });
  const problems = h("div", { id: "rems-save-problems", class: "save-problems no-print", role: "alert", hidden: true });
  const save = h("button", { type: "button", id: "save-rems", class: "primary", hidden: true }, "Save the completed form");
  const print = h("button", { type: "button", id: "print", hidden: true, onclick: () => window.print() }, "Print");
  const submission = h("div", { id: "rems-submission", class: "rems-submission no-print", hidden: true });
  const section = h(
    "section",
    { id: "rems-view", class: "panel rems", "data-session-id": sessionId, "aria-labelledby": "rems-title" },
    back,
    h("h2", { id: "rems-title" }, "SPRAVATO\u00AE REMS Patient Monitoring Form"),
    status,
    meta,
    taskBox,
    toAnswerBox,
    formBox,
    problems,
    h("div", { class: "form-actions no-print" }, save, print),
    submission,
  );
  container.append(section);

  let destroyed = false;
  let markTimer: number | undefined;
  let observer: MutationObserver | undefined;

  const showTask = (task: fhir4.Task | undefined) => {
    clear(taskBox);
    if (!task) {
      taskBox.append(h("p", { class: "muted" }, "No REMS task for this session."));
      section.removeAttribute("data-task-id");
      return;
    }
    const due = task.restriction?.period?.end;
    const state = task.status === "completed" || task.status === "cancelled" ? undefined : dueState(due, new Date());
    section.setAttribute("data-task-id", task.id ?? "");
    section.setAttribute("data-task-status", task.status);
    taskBox.setAttribute("data-status", task.status);
    taskBox.append(
      h(
        "p",
        {},
        h("strong", {}, "REMS task: "),
        h("span", { id: "rems-task-status", class: `task-status task-${task.status}`, "data-status": task.status }, taskStatusText(task.status)),
        due ? [" \u00B7 ", `due by ${localDate(due)}`] : null,
        state === "overdue" ? [" ", h("span", { class: "badge badge-alert", "data-due": state }, DUE_TEXT[state])] : null,
        state === "due-today" ? [" ", h("span", { class: "badge badge-due", "data-due": state }, DUE_TEXT[state])] : null,
      ),
    );
  };

  const sessionTask = async (): Promise<fhir4.Task | undefined> => {
    const tasks = await ctx.api.search<fhir4.Task>(sessionTasksQuery(sessionId), "Task");
    return tasks.find((t) => t.status !== "cancelled" && t.status !== "entered-in-error") ?? tasks[0];
  };

  (async () => {
    try {
      const id = encodeURIComponent(sessionId);
      const [session, task, questionnaire, lforms] = await Promise.all([
        ctx.api.get<fhir4.MedicationAdministration>(`MedicationAdministration/${id}`),
        sessionTask(),
        questionnaireByCanonical(ctx, REMS_QUESTIONNAIRE),
        loadLForms(),
      ]);
      if (!ctx.isCurrent() || destroyed) return;
      const patientId = referenceId(session.subject?.reference);
      if (!patientId) throw new Error(`The session ${sessionId} names no patient`);
      append(back, [
        h("a", { href: `#/patient/${encodeURIComponent(patientId)}/session/${id}` }, "\u2190 Back to the patient"),
        ctx.staff ? [" \u00B7 ", h("a", { href: "#/rems" }, "REMS forms due")] : null,
      ]);
      const when = session.effectivePeriod?.start ?? session.effectiveDateTime;
      meta.append(h("p", { class: "muted" }, `Session ${sessionId}${when ? ` on ${localDate(when)}` : ""}.`));
      if (!isEsketamine(session)) {
        status.textContent = "This session is not an esketamine session; the REMS form does not apply.";
        status.className = "notice-inline";
        return;
      }
      showTask(task);

      // The form saved already (the Task's output), else the server's pre-filled one.
      const savedId = task ? taskResponseId(task) : undefined;
      let prefilled: fhir4.QuestionnaireResponse;
      let issues: fhir4.OperationOutcome | undefined;
      if (savedId) {
        prefilled = await ctx.api.get<fhir4.QuestionnaireResponse>(`QuestionnaireResponse/${encodeURIComponent(savedId)}`);
      } else {
        const output = await ctx.api.client.request<fhir4.Parameters>({
          url: `Questionnaire/${REMS_QUESTIONNAIRE_ID}/$populate`,
          method: "POST",
          body: JSON.stringify(populateParameters(patientId, sessionId)),
          headers: { "Content-Type": "application/fhir+json", Accept: "application/fhir+json" },
        });
        ({ response: prefilled, issues } = parsePopulated(output));
      }
      if (!ctx.isCurrent() || destroyed) return;

      await lforms.addFormToPage(forRendering(questionnaire), formBox, {
        fhirVersion: "R4",
        hideTreeLine: true,
        questionnaireResponse: forRenderer(prefilled),
      });
      if (!ctx.isCurrent() || destroyed) return;
      status.hidden = true;
      save.hidden = !!savedId;
      print.hidden = false;
      formBox.setAttribute("data-ready", "true");
      section.setAttribute("data-prefilled", savedId ? "saved" : "populated");

      const texts = itemTexts(questionnaire);
      const linkIds = allItems(questionnaire.item).map((i) => i.linkId);
      let toAnswer = savedId ? [] : fieldsToAnswer(questionnaire, prefilled, issues);
      const optional = savedId ? [] : optionalLeft(questionnaire, issues);
      const answers = () => lforms.getFormFHIRData("QuestionnaireResponse", "R4", formBox);

      const showToAnswer = () => {
        clear(toAnswerBox);
        toAnswerBox.hidden = !toAnswer.length && !optional.length;
        if (!toAnswer.length) {
          markFields(formBox, [], new Set());
          if (optional.length) toAnswerBox.append(optionalNote());
          return;
        }
        const current = answers();
        const answered = new Set(toAnswer.filter((l) => hasAnswer(current.item, l)));
        append(toAnswerBox, [
          h("h3", {}, "For you to answer"),
          h(
            "p",
            {},
            `The form requires ${toAnswer.length === 1 ? "this field" : `these ${toAnswer.length} fields`}, which the records do not give; ${toAnswer.length === 1 ? "it is" : "they are"} marked in the form.`,
          ),
          h(
            "ul",
            { id: "rems-fields-to-answer" },
            toAnswer.map((l) =>
              h("li", { "data-link-id": l, "data-answered": answered.has(l) ? "true" : "false" }, texts.get(l) ?? l, answered.has(l) ? " \u2714 answered" : null),
            ),
          ),
          optional.length ? optionalNote() : null,
        ]);
        const found = markFields(formBox, toAnswer, answered);
        toAnswerBox.setAttribute("data-marked", String(found));
      };
      const optionalNote = () =>
        h(
          "p",
          { id: "rems-optional-left", class: "muted" },
          `Not in the records either, optional on the form: ${optional.map((l) => texts.get(l) ?? l).join("; ")}.`,
        );
      const later = () => {
        window.clearTimeout(markTimer);
        markTimer = window.setTimeout(() => {
          if (destroyed) return;
          observer?.disconnect();
          showToAnswer();
          observer?.observe(formBox, WATCH);
        }, 150);
      };
      showToAnswer();
      observer = new MutationObserver(later);
      observer.observe(formBox, WATCH);
      // The renderer's radio buttons stop their click events and update the page after its own change detection, so
      // the answers are read again whenever the form's DOM changes (and on the events caught before the renderer).
      for (const type of ["change", "click", "keyup", "input"]) formBox.addEventListener(type, later, true);

      const showProblems = (outcome: fhir4.OperationOutcome | undefined, fallback: string) => {
        clear(problems);
        const errors = (outcome?.issue ?? []).filter((i) => i.severity === "error" || i.severity === "fatal");
        const messages = errors
          .map((i) => (i.diagnostics ?? i.details?.text)?.replace(/\s*\[request id: [^\]]*\]\s*$/, ""))
          .filter((m): m is string => !!m);
        problems.append(
          h("p", {}, h("strong", {}, "The form was not saved:")),
          h("ul", {}, (messages.length ? messages : [fallback]).map((m) => h("li", {}, m))),
        );
        problems.hidden = false;
        const named = linkIdsInOutcome(outcome ? { ...outcome, issue: errors } : undefined, linkIds);
        section.setAttribute("data-missing", named.join(" "));
        if (named.length) {
          toAnswer = [...new Set([...toAnswer, ...named])].filter((l) => linkIds.includes(l));
          showToAnswer();
        }
      };

      const showSaved = (responseId: string) => {
        section.setAttribute("data-response-id", responseId);
        save.hidden = true;
        problems.hidden = true;
        toAnswer = [];
        optional.length = 0;
        showToAnswer();
        renderSubmission(responseId);
      };

      save.addEventListener("click", async () => {
        save.disabled = true;
        save.textContent = "Saving\u2026";
        try {
          const response = responseToSave({
            answers: answers(),
            questionnaire: prefilled.questionnaire,
            patientId,
            sessionId,
            author: ctx.fhirUser,
            now: new Date(),
          });
          const saved = await ctx.api.create(response);
          if (!ctx.isCurrent() || destroyed) return;
          ctx.showNotice("The REMS form was saved.");
          showSaved(saved?.id ?? "");
          showTask(await sessionTask());
        } catch (e) {
          if (!ctx.isCurrent() || destroyed) return;
          const outcome = badOutcome(e);
          if (errorStatus(e) === 422 || errorStatus(e) === 400) showProblems(outcome, errorText(e));
          else ctx.showError(e, "The form could not be saved");
        } finally {
          save.disabled = false;
          save.textContent = "Save the completed form";
        }
      });

      const renderSubmission = (responseId: string) => {
        clear(submission);
        const current = () => section.getAttribute("data-task-id") ?? "";
        if (section.getAttribute("data-task-status") === "completed") {
          submission.hidden = true;
          return;
        }
        const medium = MEDIA.map((m, i) =>
          h(
            "label",
            { class: "choice" },
            h("input", { type: "radio", name: "rems-medium", value: m.code, id: `rems-medium-${m.code}`, checked: i === 0 }),
            ` ${m.label}`,
          ),
        );
        const sent = h("input", { type: "datetime-local", id: "rems-sent", required: true, value: dateToLocalInput(new Date()) });
        const confirmation = h("input", { type: "text", id: "rems-confirmation", required: true, autocomplete: "off" });
        const record = h("button", { type: "submit", id: "record-submission", class: "primary" }, "Record the submission");
        const form = h(
          "form",
          { class: "submission-form", "aria-labelledby": "submission-title" },
          h("h3", { id: "submission-title" }, "Record the submission to the SPRAVATO REMS"),
          h("fieldset", {}, h("legend", {}, "Sent by"), medium),
          h("p", {}, h("label", { for: "rems-sent" }, "Sent on "), sent),
          h("p", {}, h("label", { for: "rems-confirmation" }, "REMS confirmation number "), confirmation),
          record,
        );
        form.addEventListener("submit", async (event) => {
          event.preventDefault();
          const taskId = current();
          const chosen = form.querySelector<HTMLInputElement>("input[name=rems-medium]:checked")?.value ?? "";
          const when = localInputToDateTime(sent.value);
          if (!taskId) {
            ctx.showError("This session has no REMS task to complete.");
            return;
          }
          if (!when || !confirmation.value.trim()) {
            ctx.showError("Give when the form was sent and the REMS confirmation number.", "The submission was not recorded");
            return;
          }
          record.disabled = true;
          try {
            const communication = submissionCommunication({
              taskId,
              patientId,
              sessionId,
              responseId,
              medium: chosen,
              sent: when,
              confirmation: confirmation.value,
              sender: ctx.fhirUser,
            });
            const stored = await ctx.api.create(communication);
            if (!ctx.isCurrent() || destroyed) return;
            section.setAttribute("data-communication-id", stored?.id ?? "");
            const task = await sessionTask();
            if (!ctx.isCurrent() || destroyed) return;
            showTask(task);
            clear(submission);
            submission.append(
              h(
                "p",
                { id: "submission-recorded", class: "notice-inline" },
                `Submission recorded: ${MEDIA.find((m) => m.code === chosen)?.label ?? chosen}, ${localDateTime(when)}, confirmation ${confirmation.value.trim()}.`,
              ),
            );
            ctx.showNotice("The submission was recorded.");
          } catch (e) {
            record.disabled = false;
            const outcome = badOutcome(e);
            ctx.showError(outcome ? `${errorStatus(e) ?? ""} ${operationOutcomeText(outcome) ?? ""}`.trim() : e, "The submission was not recorded");
          }
        });
        submission.append(form);
        submission.hidden = false;
      };

      if (savedId) showSaved(savedId);
    } catch (e) {
      if (!ctx.isCurrent() || destroyed) return;
      status.textContent = "The monitoring form could not be loaded.";
      ctx.showError(e);
      section.setAttribute("data-error", errorText(e));
    }
  })();

  return {
    destroy() {
      destroyed = true;
      window.clearTimeout(markTimer);
      observer?.disconnect();
    },
  };
}

function hasAnswer(items: fhir4.QuestionnaireResponseItem[] | undefined, linkId: string): boolean {
  for (const item of items ?? []) {
    if (item.linkId === linkId && (item.answer ?? []).length) return true;
    if (hasAnswer(item.item, linkId) || hasAnswer((item.answer ?? []).flatMap((a) => a.item ?? []), linkId)) return true;
  }
  return false;
}
