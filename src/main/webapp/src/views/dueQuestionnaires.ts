// The patient's own questionnaires to answer ($ketamine-due-questionnaires), each a link to its form.
import { h, localDate } from "../dom";
import { questionnaireName, type DueList } from "../model/questionnaires";

export function renderDueQuestionnaires(due: DueList): HTMLElement {
  if (!due.items.length) return h("p", { class: "muted", id: "no-due-questionnaires" }, "No questionnaire to answer today.");
  return h(
    "ul",
    { id: "due-questionnaires", class: "due-list" },
    due.items.map((item) =>
      h(
        "li",
        { "data-task-id": item.taskId, "data-questionnaire": item.questionnaire, "data-overdue": String(item.overdue) },
        h("a", { href: `#/questionnaire/${encodeURIComponent(item.taskId)}`, class: "button-link" }, `Answer ${questionnaireName(item.questionnaire)}`),
        item.overdue
          ? h("span", { class: "badge badge-alert" }, `Overdue since ${localDate(item.dueDate)}`)
          : item.dueDate
            ? h("span", { class: "muted" }, `Due by ${localDate(item.dueDate)}`)
            : null,
      ),
    ),
  );
}
