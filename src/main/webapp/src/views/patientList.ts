// #/patients: one row per patient with phase, sessions, PHQ-9, next session and open alerts; sortable.
import type { View, ViewContext } from "../context";
import { clear, h, localDateTime } from "../dom";
import { inBatches } from "../fhirApi";
import { errorText } from "../model/errors";
import {
  patientRow,
  phq9Text,
  sessionsText,
  sortRows,
  type PatientRow,
  type SortColumn,
  type SortDirection,
} from "../model/patientList";
import { parseProgress } from "../model/progress";
import { phaseText } from "../model/sessions";

const COLUMNS: { col: SortColumn; label: string }[] = [
  { col: "name", label: "Name" },
  { col: "phase", label: "Phase" },
  { col: "sessions", label: "Sessions (done / planned)" },
  { col: "phq9", label: "PHQ-9 (change)" },
  { col: "next", label: "Next session due" },
  { col: "alerts", label: "Open alerts" },
];


export function renderPatientList(ctx: ViewContext, container: HTMLElement): View {
  const status = h("p", { class: "loading", role: "status" }, "Loading patients\u2026");
  const thead = h("thead");
  const tbody = h("tbody");
  const table = h(
    "table",
    { id: "patient-list", class: "data" },
    h("caption", {}, "Patients (select a column heading to sort)"),
    thead,
    tbody,
  );
  const section = h(
    "section",
    { id: "patient-list-view", class: "panel", "aria-labelledby": "patients-title" },
    h("h2", { id: "patients-title" }, "Patients"),
    status,
    h("div", { class: "table-scroll" }, table),
  );
  container.append(section);

  let rows: PatientRow[] = [];
  let sort: { col: SortColumn; dir: SortDirection } = { col: "name", dir: "ascending" };
  const failures: string[] = [];

  const renderHead = () => {
    clear(thead);
    thead.append(
      h(
        "tr",
        {},
        COLUMNS.map(({ col, label }) =>
          h(
            "th",
            { scope: "col", "data-col": col, "aria-sort": sort.col === col ? sort.dir : "none" },
            h(
              "button",
              {
                type: "button",
                class: "sort",
                "data-sort": col,
                onclick: () => {
                  sort = { col, dir: sort.col === col && sort.dir === "ascending" ? "descending" : "ascending" };
                  renderHead();
                  renderBody();
                  (thead.querySelector(`button[data-sort="${col}"]`) as HTMLButtonElement | null)?.focus();
                },
              },
              label,
              h("span", { class: "sort-mark", "aria-hidden": "true" }, sort.col === col ? (sort.dir === "ascending" ? " \u25B2" : " \u25BC") : ""),
            ),
          ),
        ),
      ),
    );
  };

  const rowEl = (row: PatientRow): HTMLTableRowElement => {
    const loading = row.done === undefined && !row.error;
    const busy = (text: string) => (loading ? h("span", { class: "muted" }, "\u2026") : text);
    const alerts = row.alerts ?? 0;
    return h(
      "tr",
      { "data-patient-id": row.id, "aria-busy": loading ? "true" : undefined },
      h("td", { "data-col": "name" }, h("a", { href: `#/patient/${encodeURIComponent(row.id)}`, class: "row-link" }, row.name)),
      h("td", { "data-col": "phase", "data-value": row.phase }, row.error ? h("span", { class: "muted" }, "not available") : busy(phaseText(row.phase))),
      h("td", { "data-col": "sessions", "data-done": row.done, "data-planned": row.planned }, busy(sessionsText(row))),
      h("td", { "data-col": "phq9", "data-value": row.phq9, "data-change": row.phq9Change }, busy(phq9Text(row))),
      h("td", { "data-col": "next", "data-value": row.nextDue }, busy(localDateTime(row.nextDue))),
      h(
        "td",
        { "data-col": "alerts", "data-count": row.alerts },
        row.alerts === undefined
          ? busy("")
          : h(
              "span",
              {
                class: alerts > 0 ? "badge badge-alert" : "badge",
                "data-count": alerts,
                title: `${alerts} open safety alert${alerts === 1 ? "" : "s"}`,
              },
              alerts > 0 ? `\u26A0 ${alerts}` : "0",
              h("span", { class: "visually-hidden" }, ` open safety alert${alerts === 1 ? "" : "s"}`),
            ),
      ),
    );
  };

  const renderBody = () => {
    const focusedId = (document.activeElement?.closest("tr") as HTMLElement | null)?.dataset.patientId;
    clear(tbody);
    for (const row of sortRows(rows, sort.col, sort.dir)) tbody.append(rowEl(row));
    if (focusedId) (tbody.querySelector(`tr[data-patient-id="${CSS.escape(focusedId)}"] a`) as HTMLElement | null)?.focus();
  };

  const replaceRow = (row: PatientRow) => {
    const old = tbody.querySelector(`tr[data-patient-id="${CSS.escape(row.id)}"]`);
    if (!old) return;
    const hadFocus = old.contains(document.activeElement);
    const fresh = rowEl(row);
    old.replaceWith(fresh);
    if (hadFocus) (fresh.querySelector("a") as HTMLElement).focus();
  };

  // Arrow keys move between rows; Enter on a row's link opens the patient.
  tbody.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const current = (event.target as HTMLElement).closest("tr");
    const next = (event.key === "ArrowDown" ? current?.nextElementSibling : current?.previousElementSibling) as HTMLElement | null;
    const link = next?.querySelector("a");
    if (link) {
      event.preventDefault();
      link.focus();
    }
  });
  tbody.addEventListener("click", (event) => {
    const target = event.target as HTMLElement;
    if (target.closest("a, button")) return;
    const link = target.closest("tr")?.querySelector("a");
    if (link) location.hash = link.getAttribute("href") as string;
  });

  renderHead();

  (async () => {
    let patients: fhir4.Patient[];
    try {
      patients = await ctx.api.search<fhir4.Patient>("Patient?_count=100&_sort=family", "Patient");
    } catch (e) {
      if (!ctx.isCurrent()) return;
      status.textContent = "The patient list could not be loaded.";
      ctx.showError(e);
      return;
    }
    if (!ctx.isCurrent()) return;
    rows = patients.map((p) => patientRow(p));
    status.textContent = rows.length ? `${rows.length} patient${rows.length === 1 ? "" : "s"}.` : "No patients.";
    renderBody();

    await inBatches(patients, 4, async (patient) => {
      const id = patient.id as string;
      const ref = encodeURIComponent(`Patient/${id}`);
      try {
        const [progress, plans] = await Promise.all([
          ctx.api.get<fhir4.Parameters>(`Patient/${encodeURIComponent(id)}/$ketamine-progress`),
          ctx.api.search<fhir4.CarePlan>(`CarePlan?subject=${ref}&_count=100`, "CarePlan"),
        ]);
        if (!ctx.isCurrent()) return;
        const row = patientRow(patient, parseProgress(progress), plans);
        rows = rows.map((r) => (r.id === id ? row : r));
        replaceRow(row);
      } catch (e) {
        if (!ctx.isCurrent()) return;
        failures.push(`${patientRow(patient).name}: ${errorText(e)}`);
        const row = { ...patientRow(patient), error: errorText(e) };
        rows = rows.map((r) => (r.id === id ? row : r));
        replaceRow(row);
        ctx.showError(
          failures.length === 1 ? failures[0] : `${failures.length} patients' figures could not be loaded; first: ${failures[0]}`,
        );
      }
    });
  })();

  return {};
}
