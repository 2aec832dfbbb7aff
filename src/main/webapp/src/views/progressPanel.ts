// The $ketamine-progress figures beside the scores chart.
import { h, localDate, localDateTime } from "../dom";
import { phaseText } from "../model/sessions";
import { formatDose, instrumentFigures, instrumentName, type Progress } from "../model/progress";


export function renderProgress(progress: Progress | undefined): HTMLElement {
  if (!progress) return h("p", { class: "muted" }, "Progress figures are not available.");
  const list = h("dl", { id: "progress", class: "figures" });
  for (const instrument of progress.instruments) {
    const name = instrumentName(instrument.code, instrument.display);
    list.append(
      h("dt", { class: "instrument", "data-instrument": instrument.code }, name),
      h(
        "dd",
        {},
        h(
          "ul",
          { class: "figure-list" },
          instrumentFigures(instrument).map((f) =>
            h(
              "li",
              { "data-instrument": instrument.code, "data-figure": f.figure, "data-value": f.value },
              h("span", { class: "label" }, `${f.label}: `),
              h("span", { class: `value${f.figure === "response" || f.figure === "remission" ? ` verdict-${f.value}` : ""}` }, f.text),
              f.date ? h("span", { class: "muted" }, ` (${localDate(f.date)})`) : null,
            ),
          ),
        ),
      ),
    );
  }
  const general: [string, string, string | undefined][] = [
    [
      "sessionsCompleted",
      "Sessions completed",
      progress.sessionsCompleted.length
        ? progress.sessionsCompleted.map((s) => `${phaseText(s.phase)} ${s.count}`).join(", ")
        : "None",
    ],
    ["cumulativeDose", "Cumulative dose", formatDose(progress.cumulativeDose) || "None"],
    ["nextSessionDue", "Next session due", progress.nextSessionDue ? localDateTime(progress.nextSessionDue) : "Not scheduled"],
    ["openSafetyIssues", "Open safety alerts", String(progress.openSafetyIssues ?? progress.openSafetyIssueRefs.length)],
    [
      "sideEffects",
      "Side effects reported",
      progress.sideEffects.length ? progress.sideEffects.map((s) => `${s.finding} \u00D7${s.count}`).join(", ") : "None",
    ],
  ];
  const values: Record<string, string | undefined> = {
    cumulativeDose: progress.cumulativeDose ? String(progress.cumulativeDose.value) : undefined,
    nextSessionDue: progress.nextSessionDue,
    openSafetyIssues: String(progress.openSafetyIssues ?? progress.openSafetyIssueRefs.length),
  };
  for (const [figure, label, text] of general) {
    list.append(h("dt", {}, label), h("dd", { "data-figure": figure, "data-value": values[figure] }, text ?? ""));
  }
  return list;
}
