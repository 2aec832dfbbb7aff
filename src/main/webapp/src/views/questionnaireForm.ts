// #/questionnaire/<task id>: the patient answers one of their due questionnaires. The form is the Questionnaire as the
// server has it, rendered by LHC-Forms; crisis information shows as soon as PHQ-9 item 9 is answered above "Not at all".
import type { View, ViewContext } from "../context";
import { clear, h } from "../dom";
import { loadLForms } from "../lforms";
import { errorText } from "../model/errors";
import { answersSelfHarm, canonicalUrl, completedResponse, forRendering, parseDue, questionnaireName } from "../model/questionnaires";
import { renderCrisis } from "./crisis";

/** The Questionnaire with this canonical ("url|version" picks that version when the server has several). */
export async function questionnaireByCanonical(ctx: ViewContext, canonical: string): Promise<fhir4.Questionnaire> {
  const [url, version] = canonical.split("|");
  const found = await ctx.api.search<fhir4.Questionnaire>(`Questionnaire?url=${encodeURIComponent(url)}`, "Questionnaire");
  const chosen = found.find((q) => version && q.version === version) ?? found[0];
  if (!chosen) throw new Error(`The server has no Questionnaire ${canonical}`);
  return chosen;
}

export function renderQuestionnaireForm(ctx: ViewContext, container: HTMLElement, taskId: string): View {
  const patientId = ctx.patientInContext;
  const title = h("h2", { id: "questionnaire-title" }, "Questionnaire");
  const status = h("p", { class: "loading", role: "status" }, "Loading the questionnaire\u2026");
  const crisis = renderCrisis(ctx.config.crisis);
  const formBox = h("div", { id: "questionnaire-form", class: "questionnaire-form" });
  const submit = h("button", { type: "button", id: "submit-questionnaire", class: "primary", hidden: true }, "Send my answers");
  const back = patientId ? h("p", {}, h("a", { href: `#/patient/${encodeURIComponent(patientId)}` }, "Back to my record")) : null;
  const section = h(
    "section",
    { id: "questionnaire-view", class: "panel", "data-task-id": taskId, "aria-labelledby": "questionnaire-title" },
    title,
    status,
    crisis,
    formBox,
    h("div", { class: "form-actions" }, submit),
    back,
  );
  container.append(section);

  let destroyed = false;
  let checkTimer: number | undefined;
  let observer: MutationObserver | undefined;

  if (ctx.staff || !patientId) {
    status.textContent = "A patient answers their own questionnaires here, signed in as a patient.";
    return {};
  }

  (async () => {
    try {
      const due = parseDue(await ctx.api.get<fhir4.Parameters>(`Patient/${encodeURIComponent(patientId)}/$ketamine-due-questionnaires`));
      const item = due.items.find((i) => i.taskId === taskId);
      if (!item) {
        status.textContent = "This questionnaire is not waiting for an answer any more.";
        return;
      }
      const [questionnaire, lforms] = await Promise.all([questionnaireByCanonical(ctx, item.questionnaire), loadLForms()]);
      if (!ctx.isCurrent() || destroyed) return;
      title.textContent = questionnaireName(item.questionnaire, questionnaire);
      section.setAttribute("data-questionnaire", canonicalUrl(item.questionnaire));
      await lforms.addFormToPage(forRendering(questionnaire), formBox, { fhirVersion: "R4", hideTreeLine: true });
      if (!ctx.isCurrent() || destroyed) return;
      status.textContent = "";
      status.hidden = true;
      submit.hidden = false;
      formBox.setAttribute("data-ready", "true");

      const answers = () => lforms.getFormFHIRData("QuestionnaireResponse", "R4", formBox);
      // Crisis information at once: after every change of an answer (and it stays once shown, so it is not missed).
      // The renderer's radio buttons stop their click events and update the page after its own change detection, so
      // the answers are read again whenever the form's DOM changes (and on input events, caught before the renderer).
      const check = () => {
        checkTimer = undefined;
        if (destroyed || !crisis.hidden) return;
        if (answersSelfHarm(answers(), questionnaire)) {
          crisis.hidden = false;
          section.setAttribute("data-crisis-shown", "true");
          observer?.disconnect();
        }
      };
      const later = () => {
        window.clearTimeout(checkTimer);
        checkTimer = window.setTimeout(check, 50);
      };
      observer = new MutationObserver(later);
      observer.observe(formBox, { subtree: true, childList: true, attributes: true, characterData: true });
      for (const type of ["change", "click", "keyup", "input"]) formBox.addEventListener(type, later, true);

      submit.addEventListener("click", async () => {
        check();
        const problems = lforms.checkValidity(formBox);
        if (problems && problems.length) {
          ctx.showError(problems.join("; "), "Please answer every question");
          return;
        }
        submit.disabled = true;
        submit.textContent = "Sending\u2026";
        try {
          const response = completedResponse({ answers: answers(), questionnaire: item.questionnaire, patientId, now: new Date() });
          const saved = await ctx.api.create(response);
          if (!ctx.isCurrent()) return;
          clear(formBox);
          submit.remove();
          section.setAttribute("data-response-id", saved?.id ?? "");
          formBox.append(h("p", { id: "questionnaire-sent", role: "status" }, "Thank you. Your answers were sent to your care team."));
          ctx.showNotice("Your answers were sent.");
        } catch (e) {
          submit.disabled = false;
          submit.textContent = "Send my answers";
          ctx.showError(e, "Your answers could not be sent");
        }
      });
    } catch (e) {
      if (!ctx.isCurrent()) return;
      status.textContent = "The questionnaire could not be opened.";
      ctx.showError(e);
      section.setAttribute("data-error", errorText(e));
    }
  })();

  return {
    destroy() {
      destroyed = true;
      window.clearTimeout(checkTimer);
      observer?.disconnect();
    },
  };
}
