// The patient's questionnaires: what is due ($ketamine-due-questionnaires), the crisis trigger (PHQ-9 item 9), the
// QuestionnaireResponse the patient submits, and a response read item by item. No DOM, no network.
import { IG, LOINC } from "./fhir";

export const PHQ9 = `${IG}/Questionnaire/phq-9`;
/** PHQ-9 item 9: thoughts that you would be better off dead, or of hurting yourself in some way. */
export const PHQ9_ITEM9 = "44260-8";
/** The LOINC answer "Not at all" (ordinal 0). */
export const NOT_AT_ALL = "LA6568-5";
export const ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
const ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";

const NAMES: Record<string, string> = {
  "phq-9": "PHQ-9 (depression)",
  "gad-7": "GAD-7 (anxiety)",
  "cssrs-screener-recent": "C-SSRS screener (recent)",
  "cssrs-screener-since-last-visit": "C-SSRS screener (since last visit)",
};

export interface DueQuestionnaire {
  /** The Task's id (without "Task/"). */
  taskId: string;
  /** The Questionnaire's canonical, as the Task names it (a "|version" kept). */
  questionnaire: string;
  from?: string;
  dueDate?: string;
  overdue: boolean;
}

export interface DueList {
  today?: string;
  items: DueQuestionnaire[];
}

function part(parameter: fhir4.ParametersParameter, name: string): fhir4.ParametersParameter | undefined {
  return parameter.part?.find((p) => p.name === name);
}

function idOf(reference: string | undefined): string {
  return (reference ?? "").replace(/\/_history\/.*$/, "").split("/").pop() ?? "";
}

/**
 * The output of $ketamine-due-questionnaires: every Task under "due" (overdue ones included, by due date), marked
 * overdue when it is also under "overdue"; an overdue Task only under "overdue" is listed too.
 */
export function parseDue(parameters: fhir4.Parameters): DueList {
  const today = parameters.parameter?.find((p) => p.name === "today")?.valueDate;
  const read = (p: fhir4.ParametersParameter) => ({
    taskId: idOf(part(p, "task")?.valueReference?.reference),
    questionnaire: part(p, "questionnaire")?.valueCanonical ?? "",
    from: part(p, "from")?.valueDate,
    dueDate: part(p, "dueDate")?.valueDate,
  });
  const overdue = new Set((parameters.parameter ?? []).filter((p) => p.name === "overdue").map((p) => read(p).taskId));
  const items: DueQuestionnaire[] = [];
  for (const p of parameters.parameter ?? []) {
    if (p.name !== "due" && p.name !== "overdue") continue;
    const item = read(p);
    if (!item.taskId || !item.questionnaire || items.some((i) => i.taskId === item.taskId)) continue;
    items.push({ ...item, overdue: overdue.has(item.taskId) });
  }
  return { today, items };
}

/** The Questionnaire's url without "|version". */
export function canonicalUrl(canonical: string): string {
  return canonical.split("|")[0];
}

/** A person's name for a questionnaire canonical: "PHQ-9 (depression)" for the IG's PHQ-9, else its title or id. */
export function questionnaireName(canonical: string, questionnaire?: fhir4.Questionnaire): string {
  const id = canonicalUrl(canonical).split("/").pop() ?? canonical;
  if (canonicalUrl(canonical).startsWith(`${IG}/Questionnaire/`) && NAMES[id]) return NAMES[id];
  return questionnaire?.title ?? questionnaire?.name ?? id;
}

/** Every item of the Questionnaire, depth first. */
export function allItems(items: fhir4.QuestionnaireItem[] | undefined): fhir4.QuestionnaireItem[] {
  return (items ?? []).flatMap((i) => [i, ...allItems(i.item)]);
}

/** Every item of the response, depth first (those nested under answers too). */
export function allAnswered(items: fhir4.QuestionnaireResponseItem[] | undefined): fhir4.QuestionnaireResponseItem[] {
  return (items ?? []).flatMap((i) => [i, ...allAnswered(i.item), ...allAnswered((i.answer ?? []).flatMap((a) => a.item ?? []))]);
}

/** The Questionnaire item carrying the code (its linkId is the code in the IG's Questionnaires, but any linkId works). */
export function itemWithCode(questionnaire: fhir4.Questionnaire | undefined, code: string, system = LOINC): fhir4.QuestionnaireItem | undefined {
  const items = allItems(questionnaire?.item);
  return items.find((i) => (i.code ?? []).some((c) => c.code === code && (!c.system || c.system === system))) ?? items.find((i) => i.linkId === code);
}

/** The ordinal of an answer coding from the item's answerOption (ordinalValue extension), if it states one. */
export function ordinalOf(item: fhir4.QuestionnaireItem | undefined, coding: fhir4.Coding | undefined): number | undefined {
  if (!item || !coding) return undefined;
  const option = (item.answerOption ?? []).find((o) => o.valueCoding?.code === coding.code && (!coding.system || !o.valueCoding?.system || o.valueCoding.system === coding.system));
  const ext = [...(option?.extension ?? []), ...(option?.valueCoding?.extension ?? [])].find((e) => e.url === ORDINAL_VALUE);
  return ext?.valueDecimal ?? ext?.valueInteger;
}

/**
 * Whether the answers say the patient thinks they would be better off dead or of hurting themselves: PHQ-9 item 9
 * (44260-8) answered above "Not at all" (its ordinal above 0; without ordinals, any answer other than LA6568-5).
 */
export function answersSelfHarm(response: fhir4.QuestionnaireResponse | undefined, questionnaire?: fhir4.Questionnaire): boolean {
  if (!response) return false;
  const item = itemWithCode(questionnaire, PHQ9_ITEM9);
  const linkIds = new Set([PHQ9_ITEM9, ...(item ? [item.linkId] : [])]);
  return allAnswered(response.item)
    .filter((i) => linkIds.has(i.linkId))
    .flatMap((i) => i.answer ?? [])
    .some((answer) => {
      const coding = answer.valueCoding;
      if (!coding) return false;
      const ordinal = ordinalOf(item, coding);
      return ordinal !== undefined ? ordinal > 0 : coding.code !== NOT_AT_ALL;
    });
}

/**
 * The Questionnaire as handed to the renderer: choice items with a few answer options and no itemControl of their own
 * are shown as radio buttons (all answers visible at once, one tap each) rather than as a drop-down. A rendering hint
 * only; the items, codes and answers are the server's. The input is not changed.
 */
export function forRendering(questionnaire: fhir4.Questionnaire): fhir4.Questionnaire {
  const copy: fhir4.Questionnaire = JSON.parse(JSON.stringify(questionnaire));
  for (const item of allItems(copy.item)) {
    const options = item.answerOption?.length ?? 0;
    if (item.type !== "choice" || options === 0 || options > 6) continue;
    if ((item.extension ?? []).some((e) => e.url === ITEM_CONTROL)) continue;
    item.extension = [
      ...(item.extension ?? []),
      { url: ITEM_CONTROL, valueCodeableConcept: { coding: [{ system: "http://hl7.org/fhir/questionnaire-item-control", code: "radio-button" }] } },
    ];
  }
  return copy;
}

/**
 * The response the patient submits: the renderer's answers, status completed, the patient as subject and source,
 * authored now, for the Questionnaire's canonical. What the renderer adds of its own (id, meta, its own questionnaire
 * reference) is not sent. Not basedOn the Task: in FHIR R4, QuestionnaireResponse.basedOn may name only a CarePlan or
 * a ServiceRequest, and the server refuses a Task there (HAPI-0931); the server completes the patient's current Task
 * for the same Questionnaire instead.
 */
export function completedResponse(args: {
  answers: fhir4.QuestionnaireResponse;
  questionnaire: string;
  patientId: string;
  now: Date;
}): fhir4.QuestionnaireResponse {
  const patient = { reference: `Patient/${args.patientId}` };
  return {
    resourceType: "QuestionnaireResponse",
    questionnaire: args.questionnaire,
    status: "completed",
    subject: patient,
    authored: args.now.toISOString(),
    source: patient,
    item: JSON.parse(JSON.stringify(args.answers.item ?? [])),
  };
}

/** The latest completed or amended response to the Questionnaire (by authored, then lastUpdated). */
export function latestResponse(responses: fhir4.QuestionnaireResponse[], canonical: string): fhir4.QuestionnaireResponse | undefined {
  const url = canonicalUrl(canonical);
  return responses
    .filter((r) => (r.status === "completed" || r.status === "amended") && r.questionnaire && canonicalUrl(r.questionnaire) === url)
    .sort((a, b) => (b.authored ?? "").localeCompare(a.authored ?? "") || (b.meta?.lastUpdated ?? "").localeCompare(a.meta?.lastUpdated ?? ""))[0];
}

export interface ItemRow {
  linkId: string;
  code?: string;
  text: string;
  answer: string;
  /** The answer's ordinal (score), when the Questionnaire gives one. */
  ordinal?: number;
  /** PHQ-9 item 9 answered above "Not at all". */
  flagged: boolean;
}

function answerText(item: fhir4.QuestionnaireItem | undefined, answer: fhir4.QuestionnaireResponseItemAnswer): string {
  if (answer.valueCoding) {
    const option = item?.answerOption?.find((o) => o.valueCoding?.code === answer.valueCoding?.code);
    return answer.valueCoding.display ?? option?.valueCoding?.display ?? answer.valueCoding.code ?? "";
  }
  if (answer.valueBoolean !== undefined) return answer.valueBoolean ? "Yes" : "No";
  const value = answer.valueInteger ?? answer.valueDecimal ?? answer.valueString ?? answer.valueDate ?? answer.valueDateTime;
  return value === undefined ? "" : String(value);
}

/**
 * The response item by item, in the Questionnaire's order: the question as the Questionnaire words it, the answer
 * as displayed, its ordinal. Display items and groups are left out; an unanswered question shows "Not answered".
 */
export function itemRows(questionnaire: fhir4.Questionnaire | undefined, response: fhir4.QuestionnaireResponse): ItemRow[] {
  const answered = allAnswered(response.item);
  const byLink = new Map(answered.map((i) => [i.linkId, i]));
  const questions = questionnaire ? allItems(questionnaire.item).filter((i) => i.type !== "group" && i.type !== "display") : [];
  const rows: ItemRow[] = [];
  const seen = new Set<string>();
  const row = (q: fhir4.QuestionnaireItem | undefined, r: fhir4.QuestionnaireResponseItem | undefined, linkId: string): ItemRow => {
    const answers = r?.answer ?? [];
    const code = q?.code?.[0]?.code ?? linkId;
    const ordinals = answers.map((a) => ordinalOf(q, a.valueCoding)).filter((o): o is number => o !== undefined);
    const flagged =
      code === PHQ9_ITEM9 &&
      answers.some((a) => {
        const ordinal = ordinalOf(q, a.valueCoding);
        return a.valueCoding !== undefined && (ordinal !== undefined ? ordinal > 0 : a.valueCoding.code !== NOT_AT_ALL);
      });
    return {
      linkId,
      code,
      text: q?.text ?? r?.text ?? linkId,
      answer: answers.length ? answers.map((a) => answerText(q, a)).join(", ") : "Not answered",
      ordinal: ordinals.length ? ordinals.reduce((x, y) => x + y, 0) : undefined,
      flagged,
    };
  };
  for (const q of questions) {
    seen.add(q.linkId);
    rows.push(row(q, byLink.get(q.linkId), q.linkId));
  }
  for (const r of answered) {
    if (seen.has(r.linkId) || !(r.answer ?? []).length) continue;
    seen.add(r.linkId);
    rows.push(row(undefined, r, r.linkId));
  }
  return rows;
}
