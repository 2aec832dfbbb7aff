// #/rems/<session id>: the SPRAVATO REMS Patient Monitoring Form filled from $rems-summary, missing fields flagged.
import type { View, ViewContext } from "../context";
import { append, h, localDate } from "../dom";
import { isEsketamine } from "../model/sessions";
import { referenceId } from "../model/fhir";
import { remsForm, type RemsField } from "../model/rems";

function field(f: RemsField): HTMLElement {
  return h(
    "div",
    { class: `form-field${f.missing ? " missing" : ""}`, "data-field": f.name, "data-missing": f.missing ? "true" : undefined },
    h("dt", {}, f.label),
    h("dd", {}, f.value ?? h("span", { class: "missing-text" }, "\u26A0 Missing: record it before submitting the form")),
  );
}

export function renderRems(ctx: ViewContext, container: HTMLElement, sessionId: string): View {
  const status = h("p", { class: "loading", role: "status" }, "Loading the monitoring form\u2026");
  const back = h("p", { class: "no-print" });
  const body = h("div");
  const section = h(
    "section",
    { id: "rems-view", class: "panel rems", "data-session-id": sessionId, "aria-labelledby": "rems-title" },
    back,
    h("h2", { id: "rems-title" }, "SPRAVATO\u00AE REMS Patient Monitoring Form"),
    status,
    body,
  );
  container.append(section);

  (async () => {
    try {
      const id = encodeURIComponent(sessionId);
      const [session, summary] = await Promise.all([
        ctx.api.get<fhir4.MedicationAdministration>(`MedicationAdministration/${id}`),
        ctx.api.get<fhir4.Parameters>(`MedicationAdministration/${id}/$rems-summary`),
      ]);
      if (!ctx.isCurrent()) return;
      const patientId = referenceId(session.subject?.reference);
      if (patientId) {
        back.append(
          h("a", { href: `#/patient/${encodeURIComponent(patientId)}/session/${id}` }, "\u2190 Back to the patient"),
        );
      }
      status.hidden = true;
      const form = remsForm(summary);
      const labels = new Map(form.sections.flatMap((s) => s.fields.map((f) => [f.name, f.label] as const)));
      const when = session.effectivePeriod?.start ?? session.effectiveDateTime;
      append(body, [
        h("p", { class: "muted" }, `Session ${sessionId}${when ? ` on ${localDate(when)}` : ""}.`),
        isEsketamine(session) ? null : h("p", { class: "notice-inline" }, "This session is not an esketamine session; the REMS form does not apply."),
        form.missing.length
          ? h(
              "p",
              { class: "missing-summary", role: "note", "data-missing-count": form.missing.length },
              `\u26A0 ${form.missing.length} field${form.missing.length === 1 ? " is" : "s are"} missing: ${form.missing.map((m) => labels.get(m) ?? m).join(", ")}.`,
            )
          : h("p", { class: "complete-summary", "data-missing-count": 0 }, "Every field of the form is filled."),
        form.sections.map((s) => h("fieldset", { class: "form-section" }, h("legend", {}, s.title), h("dl", {}, s.fields.map(field)))),
        h("p", { class: "no-print" }, h("button", { type: "button", id: "print", class: "primary", onclick: () => window.print() }, "Print")),
      ]);
    } catch (e) {
      if (!ctx.isCurrent()) return;
      status.textContent = "The monitoring form could not be loaded.";
      ctx.showError(e);
    }
  })();
  return {};
}
