import { describe, expect, it } from "vitest";
import { phq9Questionnaire } from "../test/igExamples";
import {
  answersSelfHarm,
  completedResponse,
  forRendering,
  itemRows,
  latestResponse,
  parseDue,
  PHQ9,
  questionnaireName,
} from "./questionnaires";

const LOINC = "http://loinc.org";
const phq9 = phq9Questionnaire();

const task = (name: string, id: string, questionnaire: string, from: string, dueDate?: string): fhir4.ParametersParameter => ({
  name,
  part: [
    { name: "task", valueReference: { reference: `Task/${id}` } },
    { name: "questionnaire", valueCanonical: questionnaire },
    { name: "from", valueDate: from },
    ...(dueDate ? [{ name: "dueDate", valueDate: dueDate }] : []),
  ],
});

describe("parseDue", () => {
  it("lists the due Tasks in order, the overdue ones marked", () => {
    const due = parseDue({
      resourceType: "Parameters",
      parameter: [
        { name: "today", valueDate: "2026-03-10" },
        task("due", "t1", `${PHQ9}|0.1.0`, "2026-03-01", "2026-03-04"),
        task("due", "t2", "https://ketaminefhir.org/ig/Questionnaire/gad-7", "2026-03-09", "2026-03-12"),
        task("overdue", "t1", `${PHQ9}|0.1.0`, "2026-03-01", "2026-03-04"),
      ],
    });
    expect(due.today).toBe("2026-03-10");
    expect(due.items).toEqual([
      { taskId: "t1", questionnaire: `${PHQ9}|0.1.0`, from: "2026-03-01", dueDate: "2026-03-04", overdue: true },
      { taskId: "t2", questionnaire: "https://ketaminefhir.org/ig/Questionnaire/gad-7", from: "2026-03-09", dueDate: "2026-03-12", overdue: false },
    ]);
  });

  it("nothing due: an empty list", () => {
    expect(parseDue({ resourceType: "Parameters", parameter: [{ name: "today", valueDate: "2026-03-10" }] }).items).toEqual([]);
  });

  it("names the IG's questionnaires, a version ignored", () => {
    expect(questionnaireName(`${PHQ9}|0.1.0`)).toBe("PHQ-9 (depression)");
    expect(questionnaireName("http://other.example/Questionnaire/x", { resourceType: "Questionnaire", status: "active", title: "Other" })).toBe("Other");
  });
});

const response = (item9: string | undefined, others = "LA6568-5"): fhir4.QuestionnaireResponse => ({
  resourceType: "QuestionnaireResponse",
  status: "completed",
  questionnaire: PHQ9,
  item: (phq9.item ?? [])
    .filter((i) => i.type === "choice" && i.required)
    .map((i) => {
      const code = i.linkId === "44260-8" ? item9 : others;
      return code ? { linkId: i.linkId, text: i.text, answer: [{ valueCoding: { system: LOINC, code } }] } : { linkId: i.linkId, text: i.text };
    }),
});

describe("the crisis trigger: PHQ-9 item 9 above Not at all", () => {
  it.each([
    ["Not at all", "LA6568-5", false],
    ["Several days", "LA6569-3", true],
    ["More than half the days", "LA6570-1", true],
    ["Nearly every day", "LA6571-9", true],
    ["not answered yet", undefined, false],
  ])("%s: %s", (_name, code, shown) => {
    expect(answersSelfHarm(response(code), phq9)).toBe(shown);
  });

  it("other items high but item 9 at 0: not shown", () => {
    expect(answersSelfHarm(response("LA6568-5", "LA6571-9"), phq9)).toBe(false);
  });

  it("without the Questionnaire (no ordinals), any answer but Not at all", () => {
    expect(answersSelfHarm(response("LA6569-3"))).toBe(true);
    expect(answersSelfHarm(response("LA6568-5"))).toBe(false);
  });

  it("an item nested in a group is found", () => {
    const nested: fhir4.QuestionnaireResponse = {
      resourceType: "QuestionnaireResponse",
      status: "in-progress",
      item: [{ linkId: "group", item: [{ linkId: "44260-8", answer: [{ valueCoding: { system: LOINC, code: "LA6570-1" } }] }] }],
    };
    expect(answersSelfHarm(nested, phq9)).toBe(true);
  });
});

describe("completedResponse", () => {
  it("completed, the patient as subject and source, authored now, the canonical; no Task in basedOn (R4)", () => {
    const answers = { ...response("LA6569-3"), id: "lforms-1", meta: { profile: ["http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaireresponse"] }, questionnaire: "Questionnaire/phq-9" };
    const qr = completedResponse({ answers, questionnaire: `${PHQ9}|0.1.0`, patientId: "p1", now: new Date("2026-03-10T09:30:00Z") });
    expect(qr).toMatchObject({
      resourceType: "QuestionnaireResponse",
      status: "completed",
      questionnaire: `${PHQ9}|0.1.0`,
      subject: { reference: "Patient/p1" },
      source: { reference: "Patient/p1" },
      authored: "2026-03-10T09:30:00.000Z",
    });
    expect(qr.basedOn).toBeUndefined();
    expect(qr.id).toBeUndefined();
    expect(qr.meta).toBeUndefined();
    expect(qr.item).toEqual(answers.item);
    expect(answersSelfHarm(qr, phq9)).toBe(true);
  });
});

describe("forRendering", () => {
  it("short answer lists as radio buttons, the Questionnaire otherwise unchanged", () => {
    const rendered = forRendering(phq9);
    const item9 = rendered.item?.find((i) => i.linkId === "44260-8");
    expect(item9?.extension?.some((e) => e.valueCodeableConcept?.coding?.[0]?.code === "radio-button")).toBe(true);
    expect(phq9.item?.find((i) => i.linkId === "44260-8")?.extension ?? []).toEqual(
      (phq9.item?.find((i) => i.linkId === "44260-8")?.extension ?? []).filter((e) => e.url !== "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"),
    );
    expect(rendered.item?.map((i) => i.linkId)).toEqual(phq9.item?.map((i) => i.linkId));
  });
});

describe("the latest PHQ-9 item by item", () => {
  const at = (authored: string, item9: string, status: fhir4.QuestionnaireResponse["status"] = "completed") => ({ ...response(item9), authored, status });

  it("the latest completed response to the PHQ-9", () => {
    const latest = latestResponse(
      [
        at("2026-03-01T10:00:00Z", "LA6568-5"),
        at("2026-03-09T10:00:00Z", "LA6570-1"),
        at("2026-03-10T10:00:00Z", "LA6571-9", "in-progress"),
        { ...at("2026-03-11T10:00:00Z", "LA6568-5"), questionnaire: "https://ketaminefhir.org/ig/Questionnaire/gad-7" },
      ],
      PHQ9,
    );
    expect(latest?.authored).toBe("2026-03-09T10:00:00Z");
  });

  it("the Questionnaire's wording and order, the answer's display and ordinal, item 9 flagged", () => {
    const rows = itemRows(phq9, at("2026-03-09T10:00:00Z", "LA6569-3"));
    const item9 = rows.find((r) => r.code === "44260-8");
    expect(rows.map((r) => r.linkId).slice(0, 9)).toEqual(phq9.item?.slice(0, 9).map((i) => i.linkId));
    expect(item9).toMatchObject({ answer: "Several days", ordinal: 1, flagged: true });
    expect(item9?.text).toBe(phq9.item?.find((i) => i.linkId === "44260-8")?.text);
    expect(rows.find((r) => r.code === "44250-9")).toMatchObject({ answer: "Not at all", ordinal: 0, flagged: false });
    expect(rows.find((r) => r.code === "69722-7")).toMatchObject({ answer: "Not answered" });
  });

  it("without the Questionnaire, the response's own texts", () => {
    const rows = itemRows(undefined, at("2026-03-09T10:00:00Z", "LA6568-5"));
    expect(rows).toHaveLength(9);
    expect(rows[8]).toMatchObject({ linkId: "44260-8", flagged: false, answer: "LA6568-5" });
  });
});
