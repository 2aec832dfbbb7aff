// The patient's latest PHQ-9, item by item: the question as the Questionnaire words it, the answer, its score.
import { h, timeEl } from "../dom";
import { itemRows } from "../model/questionnaires";

export function renderPhq9Items(response: fhir4.QuestionnaireResponse | undefined, questionnaire: fhir4.Questionnaire | undefined): HTMLElement {
  if (!response) return h("p", { class: "muted", id: "no-phq9" }, "No PHQ-9 answered yet.");
  const rows = itemRows(questionnaire, response);
  return h(
    "div",
    { id: "phq9-items", "data-response-id": response.id ?? "" },
    h("p", { class: "muted small" }, "Answered ", timeEl(response.authored), response.source?.reference?.startsWith("Patient/") ? " by the patient" : ""),
    h(
      "table",
      { class: "data" },
      h("caption", { class: "visually-hidden" }, "Latest PHQ-9 answers, item by item"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Question"), h("th", { scope: "col" }, "Answer"), h("th", { scope: "col" }, "Score"))),
      h(
        "tbody",
        {},
        rows.map((r) =>
          h(
            "tr",
            { "data-link-id": r.linkId, class: r.flagged ? "alert-row" : null, "data-flagged": String(r.flagged) },
            h("td", {}, r.text),
            h("td", {}, r.flagged ? h("span", { class: "flag" }, `\u26A0 ${r.answer}`) : r.answer),
            h("td", {}, r.ordinal === undefined ? "" : String(r.ordinal)),
          ),
        ),
      ),
    ),
  );
}
