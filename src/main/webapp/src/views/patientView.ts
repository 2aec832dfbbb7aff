// #/patient/<id>[/session/<sid>]: alerts, progress beside the scores chart, the timeline, and one session's vitals.
import type { Route } from "../model/routes";
import type { View, ViewContext } from "../context";
import type { Chart } from "../charts";
import { clear, h, localDate } from "../dom";
import { errorText } from "../model/errors";
import { patientName } from "../model/fhir";
import { parseProgress, type Progress } from "../model/progress";
import { scoreLines, scoreSeriesFromObservations, scoreSeriesFromProgress } from "../model/scores";
import { isSession, parseSession, sessionNotes } from "../model/sessions";
import { isScreening, isTreatmentPlan, planItem, screeningItem, sessionItem, sortTimeline } from "../model/timeline";
import { sessionVitals } from "../model/vitals";
import { latestResponse, parseDue, PHQ9 } from "../model/questionnaires";
import { renderAlerts } from "./alerts";
import { renderDueQuestionnaires } from "./dueQuestionnaires";
import { renderPhq9Items } from "./phq9Items";
import { questionnaireByCanonical } from "./questionnaireForm";
import { renderProgress } from "./progressPanel";
import { renderScores } from "./scoresChart";
import { renderTimeline } from "./timeline";
import { renderVitals } from "./vitalsPanel";

interface PatientData {
  patient: fhir4.Patient;
  observations: fhir4.Observation[];
  sessions: fhir4.MedicationAdministration[];
  plans: fhir4.CarePlan[];
  issues: fhir4.DetectedIssue[];
  progress?: Progress;
}

async function load(ctx: ViewContext, patientId: string): Promise<PatientData> {
  const id = encodeURIComponent(patientId);
  const subject = encodeURIComponent(`Patient/${patientId}`);
  const progress = ctx.api.get<fhir4.Parameters>(`Patient/${id}/$ketamine-progress`).then(parseProgress, (e: unknown) => {
    ctx.showError(e, "Progress figures could not be loaded");
    return undefined;
  });
  const [patient, observations, sessions, plans, issues] = await Promise.all([
    ctx.api.get<fhir4.Patient>(`Patient/${id}`),
    ctx.api.search<fhir4.Observation>(`Observation?subject=${subject}&_count=200`, "Observation"),
    ctx.api.search<fhir4.MedicationAdministration>(`MedicationAdministration?subject=${subject}&_count=100`, "MedicationAdministration"),
    ctx.api.search<fhir4.CarePlan>(`CarePlan?subject=${subject}&_count=50`, "CarePlan"),
    ctx.api.search<fhir4.DetectedIssue>(`DetectedIssue?patient=${subject}&_count=100`, "DetectedIssue"),
  ]);
  return { patient, observations, sessions: sessions.filter(isSession), plans, issues, progress: await progress };
}

export function renderPatientView(ctx: ViewContext, container: HTMLElement, route: Route & { view: "patient" }): View {
  const patientId = route.patientId;
  const title = h("h2", { id: "patient-title" }, "Patient");
  const demographics = h("p", { class: "muted demographics" });
  const status = h("p", { class: "loading", role: "status" }, "Loading the patient's record\u2026");
  const alertsBox = h("div");
  const ownRecord = !ctx.staff && ctx.patientInContext === patientId;
  const dueBox = h("div", {}, h("p", { class: "loading" }, "Loading\u2026"));
  const phq9Box = h("div", {}, h("p", { class: "loading" }, "Loading\u2026"));
  const progressBox = h("div", { class: "progress-layout" });
  const timelineBox = h("div");
  const sessionBox = h("div", { id: "session-vitals" });
  const section = h(
    "section",
    { id: "patient-view", "data-patient-id": patientId, "aria-labelledby": "patient-title" },
    h("header", { class: "patient-header" }, title, demographics),
    status,
    ownRecord
      ? h("section", { class: "panel", id: "due-panel", "aria-labelledby": "due-title" }, h("h3", { id: "due-title" }, "Questionnaires to answer"), dueBox)
      : null,
    h("section", { class: "panel", "aria-labelledby": "alerts-title" }, h("h3", { id: "alerts-title" }, "Open safety alerts"), alertsBox),
    h("section", { class: "panel", id: "phq9-panel", "aria-labelledby": "phq9-title" }, h("h3", { id: "phq9-title" }, "Latest PHQ-9, item by item"), phq9Box),
    h("section", { class: "panel", "aria-labelledby": "progress-title" }, h("h3", { id: "progress-title" }, "Rating scales and progress"), progressBox),
    h(
      "div",
      { class: "two-columns" },
      h("section", { class: "panel", "aria-labelledby": "timeline-title" }, h("h3", { id: "timeline-title" }, "Timeline"), timelineBox),
      h("section", { class: "panel", "aria-labelledby": "session-title" }, h("h3", { id: "session-title" }, "Session vital signs"), sessionBox),
    ),
  );
  container.append(section);

  let charts: Chart[] = [];
  let sessionCharts: Chart[] = [];
  let data: PatientData | undefined;
  let selected = route.sessionId;

  const showSession = () => {
    sessionCharts.forEach((c) => c.destroy());
    sessionCharts = [];
    clear(sessionBox);
    timelineBox.querySelectorAll("li[data-session-id]").forEach((li) => {
      const current = li.getAttribute("data-session-id") === selected;
      li.classList.toggle("selected", current);
      if (current) li.setAttribute("aria-current", "true");
      else li.removeAttribute("aria-current");
    });
    if (!data) return;
    if (!selected) {
      sessionBox.append(h("p", { class: "muted" }, data.sessions.length ? "Choose a session in the timeline to see its vital signs." : "No sessions yet."));
      return;
    }
    const session = data.sessions.find((s) => s.id === selected);
    if (!session) {
      sessionBox.append(h("p", { class: "muted" }, `Session ${selected} is not in this patient's record.`));
      return;
    }
    const summary = parseSession(session);
    const vitals = sessionVitals(data.observations, session, data.issues, ctx.config.thresholds);
    const panels = renderVitals(vitals, ctx.config.thresholds);
    sessionBox.setAttribute("data-session-id", session.id ?? "");
    sessionBox.append(
      h(
        "p",
        { class: "session-heading" },
        h("strong", {}, `Session ${summary.sessionNumber ?? ""} `.replace("  ", " ")),
        `${localDate(summary.start)}, ${summary.route}`,
        summary.esketamine ? [" \u00B7 ", h("a", { href: `#/rems/${encodeURIComponent(session.id ?? "")}` }, "REMS monitoring form")] : null,
      ),
      panels.element,
    );
    sessionCharts = panels.draw();
  };

  const renderAll = (d: PatientData) => {
    data = d;
    clear(alertsBox);
    clear(progressBox);
    clear(timelineBox);
    charts.forEach((c) => c.destroy());
    charts = [];

    title.textContent = patientName(d.patient);
    demographics.textContent = [
      d.patient.birthDate ? `Born ${localDate(d.patient.birthDate)}` : "",
      d.patient.gender ? d.patient.gender.charAt(0).toUpperCase() + d.patient.gender.slice(1) : "",
      `Record ${d.patient.id}`,
    ]
      .filter(Boolean)
      .join(" \u00B7 ");

    alertsBox.append(
      renderAlerts(ctx, d.issues, {
        onAcknowledged: (issue) => {
          d.issues = d.issues.map((i) => (i.id === issue.id ? issue : i));
          if (d.progress) {
            d.progress.openSafetyIssueRefs = d.progress.openSafetyIssueRefs.filter((r) => r !== `DetectedIssue/${issue.id}`);
            d.progress.openSafetyIssues = Math.max(0, (d.progress.openSafetyIssues ?? 1) - 1);
          }
          clear(progressBox);
          charts.forEach((c) => c.destroy());
          charts = drawProgress(d);
          showSession();
        },
      }),
    );
    charts = drawProgress(d);

    const notes = sessionNotes(d.observations);
    const items = sortTimeline([
      ...d.observations.filter(isScreening).map(screeningItem),
      ...d.plans.filter(isTreatmentPlan).map(planItem),
      ...d.sessions.map(parseSession).map((s) => sessionItem(s, notes.get(s.id))),
    ]);
    timelineBox.append(renderTimeline(items, patientId));
    showSession();
  };

  const drawProgress = (d: PatientData): Chart[] => {
    const series = d.progress ? scoreSeriesFromProgress(d.progress) : scoreSeriesFromObservations(d.observations);
    const thresholds = ctx.config.thresholds.progress;
    const scores = renderScores(series, scoreLines(series, thresholds), thresholds.responseMinDrop);
    progressBox.append(scores.element, renderProgress(d.progress));
    const chart = scores.draw();
    return chart ? [chart] : [];
  };

  // The questionnaires due (the patient's own record) and the latest PHQ-9: each on its own, a failure shown in place.
  if (ownRecord) {
    ctx.api
      .get<fhir4.Parameters>(`Patient/${encodeURIComponent(patientId)}/$ketamine-due-questionnaires`)
      .then((p) => {
        if (!ctx.isCurrent()) return;
        clear(dueBox);
        dueBox.append(renderDueQuestionnaires(parseDue(p)));
      })
      .catch((e: unknown) => {
        if (!ctx.isCurrent()) return;
        clear(dueBox);
        dueBox.append(h("p", { class: "muted" }, `The questionnaires due could not be loaded: ${errorText(e)}`));
      });
  }
  (async () => {
    const responses = await ctx.api.search<fhir4.QuestionnaireResponse>(
      `QuestionnaireResponse?subject=${encodeURIComponent(`Patient/${patientId}`)}&_count=100`,
      "QuestionnaireResponse",
    );
    const latest = latestResponse(responses, PHQ9);
    const questionnaire = latest?.questionnaire ? await questionnaireByCanonical(ctx, latest.questionnaire).catch(() => undefined) : undefined;
    if (!ctx.isCurrent()) return;
    clear(phq9Box);
    phq9Box.append(renderPhq9Items(latest, questionnaire));
  })().catch((e: unknown) => {
    if (!ctx.isCurrent()) return;
    clear(phq9Box);
    phq9Box.append(h("p", { class: "muted" }, `The PHQ-9 answers could not be loaded: ${errorText(e)}`));
  });

  (async () => {
    try {
      const d = await load(ctx, patientId);
      if (!ctx.isCurrent()) return;
      status.textContent = "";
      status.hidden = true;
      renderAll(d);
    } catch (e) {
      if (!ctx.isCurrent()) return;
      status.textContent = "This patient's record could not be loaded.";
      ctx.showError(e);
      section.setAttribute("data-error", errorText(e));
    }
  })();

  return {
    update(next: Route): boolean {
      if (next.view !== "patient" || next.patientId !== patientId) return false;
      selected = next.sessionId;
      showSession();
      return true;
    },
    destroy() {
      charts.forEach((c) => c.destroy());
      sessionCharts.forEach((c) => c.destroy());
    },
  };
}
