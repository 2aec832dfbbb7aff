// The SPRAVATO REMS Patient Monitoring Form (the IG's Questionnaire spravato-rems-monitoring): the $populate request
// and its output, the fields left for the clinician, the response saved, the submission recorded, and the open REMS
// Tasks across patients with what is due and overdue. No DOM, no network.
import { cs, IG, referenceId, referenceKey } from "./fhir";
import { allAnswered, allItems } from "./questionnaires";

export const REMS_QUESTIONNAIRE_ID = "spravato-rems-monitoring";
export const REMS_QUESTIONNAIRE = `${IG}/Questionnaire/${REMS_QUESTIONNAIRE_ID}`;
export const KETAMINE_TASK = cs("ketamine-task");
export const REMS_TASK_CODE = "submit-rems-form";
export const LAUNCH_CONTEXT = cs("launch-context");
export const CONFIRMATION_SYSTEM = "https://ketaminefhir.org/ig/rems-confirmation-number";
export const PARTICIPATION_MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";
/** The hidden item naming the session (MedicationAdministration) the form is about. */
export const SESSION_ITEM = "session";
/** The IG profile the REMS form's responses declare (like the pre-filled one $populate returns). */
export const RESPONSE_PROFILE = `${IG}/StructureDefinition/ketamine-questionnaire-response`;

/** How the form was sent to the SPRAVATO REMS: v3-ParticipationMode codes. */
export const MEDIA: { code: string; display: string; label: string }[] = [
  { code: "FAXWRIT", display: "telefax", label: "Fax" },
  { code: "ONLINEWRIT", display: "online written", label: "Online (REMS portal)" },
];

/** The open REMS Tasks across patients: GET this (relative to the FHIR base). */
export const OPEN_REMS_TASKS =
  `Task?code=${encodeURIComponent(`${KETAMINE_TASK}|${REMS_TASK_CODE}`)}&status=requested,in-progress` +
  `&_include=Task:patient&_include=Task:focus&_count=200`;

/** The REMS Tasks of one session, any status. */
export function sessionTasksQuery(sessionId: string): string {
  return `Task?code=${encodeURIComponent(`${KETAMINE_TASK}|${REMS_TASK_CODE}`)}&focus=${encodeURIComponent(`MedicationAdministration/${sessionId}`)}`;
}

/** The SDC $populate input: the patient as subject, the session as the launch context "session". */
export function populateParameters(patientId: string, sessionId: string): fhir4.Parameters {
  return {
    resourceType: "Parameters",
    parameter: [
      { name: "subject", valueReference: { reference: `Patient/${patientId}` } },
      {
        name: "context",
        part: [
          { name: "name", valueString: "session" },
          { name: "content", valueReference: { reference: `MedicationAdministration/${sessionId}` } },
        ],
      },
    ],
  };
}

export interface Populated {
  response: fhir4.QuestionnaireResponse;
  issues?: fhir4.OperationOutcome;
}

/** The $populate output: the pre-filled response and the OperationOutcome naming what is left (either may be the whole answer). */
export function parsePopulated(output: fhir4.Parameters | fhir4.QuestionnaireResponse): Populated {
  if (output.resourceType === "QuestionnaireResponse") return { response: output };
  const byName = (name: string) => output.parameter?.find((p) => p.name === name)?.resource;
  const response = byName("response");
  if (!response || response.resourceType !== "QuestionnaireResponse") {
    throw new Error("$populate returned no QuestionnaireResponse");
  }
  const issues = byName("issues");
  return { response, issues: issues?.resourceType === "OperationOutcome" ? issues : undefined };
}

/**
 * The linkIds an OperationOutcome names, among the Questionnaire's: in an issue's expression or location
 * (".where(linkId='x')", "item[linkId=x]", or the bare linkId), else as a word of its diagnostics or details text.
 */
export function linkIdsInOutcome(outcome: fhir4.OperationOutcome | undefined, known: Iterable<string>): string[] {
  const ids = new Set(known);
  const found: string[] = [];
  const add = (id: string) => {
    if (ids.has(id) && !found.includes(id)) found.push(id);
  };
  const quoted = /linkId\s*=\s*['"]?([A-Za-z0-9_.\-]+)/g;
  for (const issue of outcome?.issue ?? []) {
    const paths = [...(issue.expression ?? []), ...(issue.location ?? [])];
    let named = false;
    for (const path of paths) {
      for (const m of path.matchAll(quoted)) {
        if (ids.has(m[1])) named = true;
        add(m[1]);
      }
      if (ids.has(path.trim())) {
        named = true;
        add(path.trim());
      }
    }
    if (named) continue;
    const text = [issue.diagnostics, issue.details?.text, ...(issue.details?.coding ?? []).map((c) => c.display)].filter(Boolean).join(" ");
    for (const word of text.split(/[^A-Za-z0-9_\-]+/)) add(word);
  }
  return found;
}

type Answer = fhir4.QuestionnaireResponseItemAnswer;

function answersOf(response: fhir4.QuestionnaireResponse | undefined): Map<string, Answer[]> {
  const map = new Map<string, Answer[]>();
  for (const item of allAnswered(response?.item)) {
    if (item.answer?.length) map.set(item.linkId, [...(map.get(item.linkId) ?? []), ...item.answer]);
  }
  return map;
}

function answerValue(answer: Answer): unknown {
  if (answer.valueCoding) return `${answer.valueCoding.system ?? ""}|${answer.valueCoding.code ?? ""}`;
  return answer.valueBoolean ?? answer.valueInteger ?? answer.valueDecimal ?? answer.valueString ?? answer.valueDate ?? answer.valueDateTime;
}

function conditionHolds(condition: fhir4.QuestionnaireItemEnableWhen, answers: Answer[]): boolean {
  if (condition.operator === "exists") return (answers.length > 0) === (condition.answerBoolean ?? true);
  const wanted = condition.answerCoding
    ? `${condition.answerCoding.system ?? ""}|${condition.answerCoding.code ?? ""}`
    : (condition.answerBoolean ?? condition.answerInteger ?? condition.answerDecimal ?? condition.answerString ?? condition.answerDate ?? condition.answerDateTime);
  if (wanted === undefined) return false;
  const equal = answers.some((a) => answerValue(a) === wanted);
  if (condition.operator === "=") return equal;
  if (condition.operator === "!=") return answers.length > 0 && !equal;
  const numbers = answers.map((a) => answerValue(a)).filter((v): v is number => typeof v === "number");
  if (typeof wanted !== "number") return false;
  switch (condition.operator) {
    case ">":
      return numbers.some((v) => v > wanted);
    case "<":
      return numbers.some((v) => v < wanted);
    case ">=":
      return numbers.some((v) => v >= wanted);
    case "<=":
      return numbers.some((v) => v <= wanted);
    default:
      return false;
  }
}

function enabled(item: fhir4.QuestionnaireItem, answers: Map<string, Answer[]>): boolean {
  const conditions = item.enableWhen ?? [];
  if (!conditions.length) return true;
  const results = conditions.map((c) => conditionHolds(c, answers.get(c.question) ?? []));
  return item.enableBehavior === "any" ? results.some(Boolean) : results.every(Boolean);
}

const HIDDEN = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";

function hidden(item: fhir4.QuestionnaireItem): boolean {
  return (item.extension ?? []).some((e) => e.url === HIDDEN && e.valueBoolean === true);
}

/** The required, enabled, visible questions without an answer (an item under a disabled group is disabled). */
export function unansweredRequired(questionnaire: fhir4.Questionnaire, response: fhir4.QuestionnaireResponse | undefined): string[] {
  const answers = answersOf(response);
  const out: string[] = [];
  const walk = (items: fhir4.QuestionnaireItem[] | undefined) => {
    for (const item of items ?? []) {
      if (hidden(item) || !enabled(item, answers)) continue;
      if (item.type === "group") walk(item.item);
      else if (item.type !== "display" && item.required && !answers.get(item.linkId)?.length) out.push(item.linkId);
    }
  };
  walk(questionnaire.item);
  return out;
}

/**
 * The fields the clinician must answer: the required, enabled questions $populate's issues name (left out of the
 * records) or that are still unanswered, in the Questionnaire's order (the hidden session item is the app's, never the
 * clinician's).
 */
export function fieldsToAnswer(
  questionnaire: fhir4.Questionnaire,
  response: fhir4.QuestionnaireResponse | undefined,
  issues?: fhir4.OperationOutcome,
): string[] {
  const questions = allItems(questionnaire.item).filter((i) => i.type !== "group" && i.type !== "display" && !hidden(i));
  const order = questions.map((i) => i.linkId);
  const answers = answersOf(response);
  const required = new Set(questions.filter((q) => q.required && enabled(q, answers)).map((q) => q.linkId));
  const named = linkIdsInOutcome(issues, order).filter((id) => required.has(id));
  const wanted = new Set([...named, ...unansweredRequired(questionnaire, response)]);
  return order.filter((id) => wanted.has(id));
}

/** The optional questions $populate's issues name (not in the records, and the form does not require them). */
export function optionalLeft(questionnaire: fhir4.Questionnaire, issues?: fhir4.OperationOutcome): string[] {
  const questions = allItems(questionnaire.item).filter((i) => i.type !== "group" && i.type !== "display" && !hidden(i));
  const optional = new Set(questions.filter((q) => !q.required).map((q) => q.linkId));
  return linkIdsInOutcome(issues, questions.map((q) => q.linkId)).filter((id) => optional.has(id));
}

/**
 * The question text of each linkId, for messages. A text that several questions share ("First name" of the patient
 * and of the monitoring clinician) is named with its group's text ("Healthcare provider ...: First name").
 */
export function itemTexts(questionnaire: fhir4.Questionnaire): Map<string, string> {
  const named: { linkId: string; text: string; group?: string }[] = [];
  const walk = (items: fhir4.QuestionnaireItem[] | undefined, group?: string) => {
    for (const item of items ?? []) {
      named.push({ linkId: item.linkId, text: item.text ?? item.linkId, group });
      walk(item.item, item.text ?? group);
    }
  };
  walk(questionnaire.item);
  const uses = new Map<string, number>();
  named.forEach((n) => uses.set(n.text, (uses.get(n.text) ?? 0) + 1));
  return new Map(
    named.map((n) => [n.linkId, (uses.get(n.text) ?? 0) > 1 && n.group ? `${n.group}: ${n.text}` : n.text] as const),
  );
}

function withoutItem(items: fhir4.QuestionnaireResponseItem[] | undefined, linkId: string): fhir4.QuestionnaireResponseItem[] {
  return (items ?? []).filter((i) => i.linkId !== linkId);
}

/** The pre-filled response as handed to the renderer: without the hidden session item (a reference it cannot show). */
export function forRenderer(response: fhir4.QuestionnaireResponse): fhir4.QuestionnaireResponse {
  const copy: fhir4.QuestionnaireResponse = JSON.parse(JSON.stringify(response));
  copy.item = withoutItem(copy.item, SESSION_ITEM);
  return copy;
}

/**
 * The completed form as saved: the renderer's answers (it leaves out hidden items, so the session item is put back
 * first), the IG's questionnaire-response profile, status completed, the REMS Questionnaire's canonical (as the pre-filled response named it, version kept),
 * the patient as subject, the signed-in clinician as author, authored now. Not basedOn the Task (R4 allows only a
 * CarePlan or ServiceRequest there): the server finds the Task by the session.
 */
export function responseToSave(args: {
  answers: fhir4.QuestionnaireResponse;
  questionnaire?: string;
  patientId: string;
  sessionId: string;
  author?: string;
  now: Date;
}): fhir4.QuestionnaireResponse {
  const session: fhir4.QuestionnaireResponseItem = {
    linkId: SESSION_ITEM,
    answer: [{ valueReference: { reference: `MedicationAdministration/${args.sessionId}` } }],
  };
  const questionnaire = args.questionnaire && args.questionnaire.split("|")[0] === REMS_QUESTIONNAIRE ? args.questionnaire : REMS_QUESTIONNAIRE;
  return {
    resourceType: "QuestionnaireResponse",
    meta: { profile: [RESPONSE_PROFILE] },
    questionnaire,
    status: "completed",
    subject: { reference: `Patient/${args.patientId}` },
    ...(args.author ? { author: { reference: args.author } } : {}),
    authored: args.now.toISOString(),
    item: [session, ...withoutItem(JSON.parse(JSON.stringify(args.answers.item ?? [])), SESSION_ITEM)],
  };
}

/** The session a saved REMS response is about (its hidden item), as "MedicationAdministration/<id>". */
export function responseSession(response: fhir4.QuestionnaireResponse): string | undefined {
  const item = (response.item ?? []).find((i) => i.linkId === SESSION_ITEM);
  return referenceKey(item?.answer?.[0]?.valueReference?.reference);
}

/** A date-time from an <input type="datetime-local"> value ("2026-01-20T14:05") as FHIR dateTime with the local offset. */
export function localInputToDateTime(value: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(d.getTime())) return undefined;
  const offset = -d.getTimezoneOffset();
  const sign = offset >= 0 ? "+" : "-";
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? "00"}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

/** The value of an <input type="datetime-local"> for a Date, in local time (minutes). */
export function dateToLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * The record of the form's submission to the SPRAVATO REMS: a completed Communication basedOn the REMS Task, about the
 * session, with the saved response as payload, how (fax or online) and when it was sent, and the REMS confirmation
 * number as identifier. The server then completes the Task.
 */
export function submissionCommunication(args: {
  taskId: string;
  patientId: string;
  sessionId: string;
  responseId: string;
  medium: string;
  sent: string;
  confirmation: string;
  sender?: string;
}): fhir4.Communication {
  const medium = MEDIA.find((m) => m.code === args.medium);
  if (!medium) throw new Error(`Unknown medium ${args.medium}`);
  const confirmation = args.confirmation.trim();
  if (!confirmation) throw new Error("The REMS confirmation number is required");
  if (!args.sent) throw new Error("When the form was sent is required");
  return {
    resourceType: "Communication",
    status: "completed",
    identifier: [{ system: CONFIRMATION_SYSTEM, value: confirmation }],
    basedOn: [{ reference: `Task/${args.taskId}` }],
    subject: { reference: `Patient/${args.patientId}` },
    about: [{ reference: `MedicationAdministration/${args.sessionId}` }],
    medium: [{ coding: [{ system: PARTICIPATION_MODE, code: medium.code, display: medium.display }] }],
    sent: args.sent,
    recipient: [{ display: "SPRAVATO REMS" }],
    ...(args.sender ? { sender: { reference: args.sender } } : {}),
    payload: [{ contentReference: { reference: `QuestionnaireResponse/${args.responseId}` } }],
  };
}

export type DueState = "overdue" | "due-today" | "due" | "no-due-date";

/** The calendar date (YYYY-MM-DD) of a moment in the browser's time zone. */
export function localDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Whether a Task due at `due` (restriction.period.end: a date, or a date-time) is overdue at `now`: a bare date is due
 * to the end of that day, so it is overdue from the next day; a date-time is overdue once passed. Due today: the due
 * day (the date-time's, in the browser's time zone) is today.
 */
export function dueState(due: string | undefined, now: Date): DueState {
  if (!due) return "no-due-date";
  const today = localDay(now);
  if (/^\d{4}-\d{2}-\d{2}$/.test(due)) {
    if (due < today) return "overdue";
    return due === today ? "due-today" : "due";
  }
  const t = Date.parse(due);
  if (Number.isNaN(t)) return "no-due-date";
  if (t < now.getTime()) return "overdue";
  return localDay(new Date(t)) === today ? "due-today" : "due";
}

export const DUE_TEXT: Record<DueState, string> = {
  overdue: "Overdue",
  "due-today": "Due today",
  due: "Due",
  "no-due-date": "No due date",
};

export interface RemsTaskRow {
  taskId: string;
  status: string;
  patientId?: string;
  patientName?: string;
  sessionId?: string;
  /** When the session was given (the included MedicationAdministration's effective time), if the search gave it. */
  sessionDate?: string;
  due?: string;
  state: DueState;
  /** The saved response (Task output "response"), once the form is saved. */
  responseId?: string;
}

function outputReference(task: fhir4.Task, code: string): string | undefined {
  const out = (task.output ?? []).find((o) => (o.type.coding ?? []).some((c) => c.code === code && (!c.system || c.system === KETAMINE_TASK)));
  return out?.valueReference?.reference;
}

/** The saved response of a REMS Task (its output "response"), as an id. */
export function taskResponseId(task: fhir4.Task): string | undefined {
  return referenceId(outputReference(task, "response"));
}

/** The recorded submission of a REMS Task (its output "submission"), as an id. */
export function taskSubmissionId(task: fhir4.Task): string | undefined {
  return referenceId(outputReference(task, "submission"));
}

export function isRemsTask(task: fhir4.Task): boolean {
  return (task.code?.coding ?? []).some((c) => c.system === KETAMINE_TASK && c.code === REMS_TASK_CODE);
}

/** The open REMS Tasks of a search (patients included), by due date, the earliest (most overdue) first. */
export function remsTaskRows(resources: fhir4.FhirResource[], now: Date, nameOf: (p: fhir4.Patient) => string): RemsTaskRow[] {
  const patients = new Map<string, fhir4.Patient>(
    resources.filter((r): r is fhir4.Patient => r.resourceType === "Patient").map((p) => [`Patient/${p.id}`, p]),
  );
  const sessions = new Map<string, fhir4.MedicationAdministration>(
    resources
      .filter((r): r is fhir4.MedicationAdministration => r.resourceType === "MedicationAdministration")
      .map((m) => [`MedicationAdministration/${m.id}`, m]),
  );
  const rows = resources
    .filter((r): r is fhir4.Task => r.resourceType === "Task" && isRemsTask(r))
    .filter((t) => t.status === "requested" || t.status === "in-progress" || t.status === "received" || t.status === "accepted" || t.status === "ready")
    .map((task): RemsTaskRow => {
      const patientRef = referenceKey(task.for?.reference);
      const patient = patientRef ? patients.get(patientRef) : undefined;
      const focus = referenceKey(task.focus?.reference);
      const due = task.restriction?.period?.end;
      const session = focus ? sessions.get(focus) : undefined;
      return {
        taskId: task.id ?? "",
        status: task.status,
        patientId: patientRef?.split("/")[1],
        patientName: patient ? nameOf(patient) : task.for?.display ?? patientRef,
        sessionId: focus?.startsWith("MedicationAdministration/") ? focus.split("/")[1] : undefined,
        sessionDate: session?.effectivePeriod?.start ?? session?.effectiveDateTime,
        due,
        state: dueState(due, now),
        responseId: taskResponseId(task),
      };
    });
  const key = (r: RemsTaskRow) => (r.due ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(r.due) ? `${r.due}T23:59:59` : r.due) : Number.POSITIVE_INFINITY);
  return rows.sort((a, b) => key(a) - key(b) || (a.patientName ?? "").localeCompare(b.patientName ?? ""));
}

/** What a REMS Task's status means to the clinic. */
export function taskStatusText(status: string | undefined): string {
  switch (status) {
    case "requested":
      return "Form to complete";
    case "in-progress":
      return "Form saved, submission to record";
    case "completed":
      return "Done: submitted to the SPRAVATO REMS";
    case "cancelled":
      return "Cancelled";
    default:
      return status ?? "No task";
  }
}
