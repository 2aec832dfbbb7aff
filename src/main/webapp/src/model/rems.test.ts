import { describe, expect, it } from "vitest";
import { example } from "../test/igExamples";
import {
  itemTexts,
  CONFIRMATION_SYSTEM,
  dueState,
  fieldsToAnswer,
  forRenderer,
  linkIdsInOutcome,
  localInputToDateTime,
  OPEN_REMS_TASKS,
  optionalLeft,
  parsePopulated,
  populateParameters,
  REMS_QUESTIONNAIRE,
  remsTaskRows,
  responseSession,
  responseToSave,
  submissionCommunication,
  taskResponseId,
  unansweredRequired,
} from "./rems";
import { allItems } from "./questionnaires";

const questionnaire = example<fhir4.Questionnaire>("Questionnaire", "spravato-rems-monitoring");
const questions = allItems(questionnaire.item).filter((i) => i.type !== "group" && i.type !== "display");

/** A response answering every question of the IG's form (booleans false, so "enrolledInRems" stays disabled). */
function fullResponse(except: string[] = []): fhir4.QuestionnaireResponse {
  const answer = (item: fhir4.QuestionnaireItem): fhir4.QuestionnaireResponseItemAnswer => {
    switch (item.type) {
      case "boolean":
        return { valueBoolean: false };
      case "integer":
        return { valueInteger: 120 };
      case "date":
        return { valueDate: "2026-01-20" };
      case "quantity":
        return { valueQuantity: { value: 56, unit: "mg", system: "http://unitsofmeasure.org", code: "mg" } };
      case "choice":
        return { valueCoding: item.answerOption?.[0]?.valueCoding };
      case "reference":
        return { valueReference: { reference: "MedicationAdministration/esk-session-1" } };
      default:
        return { valueString: "x" };
    }
  };
  const build = (items: fhir4.QuestionnaireItem[] | undefined): fhir4.QuestionnaireResponseItem[] =>
    (items ?? [])
      .filter((i) => !except.includes(i.linkId))
      .map((i) => (i.type === "group" ? { linkId: i.linkId, item: build(i.item) } : { linkId: i.linkId, answer: [answer(i)] }));
  return { resourceType: "QuestionnaireResponse", status: "in-progress", questionnaire: REMS_QUESTIONNAIRE, item: build(questionnaire.item) };
}

describe("the $populate request and output", () => {
  it("names the patient as subject and the session as the launch context 'session'", () => {
    expect(populateParameters("patient-esk", "esk-session-1")).toEqual({
      resourceType: "Parameters",
      parameter: [
        { name: "subject", valueReference: { reference: "Patient/patient-esk" } },
        {
          name: "context",
          part: [
            { name: "name", valueString: "session" },
            { name: "content", valueReference: { reference: "MedicationAdministration/esk-session-1" } },
          ],
        },
      ],
    });
  });

  it("reads the response and the issues", () => {
    const response = fullResponse();
    const issues: fhir4.OperationOutcome = { resourceType: "OperationOutcome", issue: [{ severity: "information", code: "incomplete" }] };
    const out = parsePopulated({
      resourceType: "Parameters",
      parameter: [
        { name: "response", resource: response },
        { name: "issues", resource: issues },
      ],
    });
    expect(out.response).toBe(response);
    expect(out.issues).toBe(issues);
    expect(parsePopulated(response)).toEqual({ response });
    expect(() => parsePopulated({ resourceType: "Parameters", parameter: [] })).toThrow(/no QuestionnaireResponse/);
  });

  it("gives the renderer the response without the hidden session item", () => {
    const rendered = forRenderer(fullResponse());
    expect(rendered.item?.map((i) => i.linkId)).not.toContain("session");
    expect(rendered.item?.length).toBe((questionnaire.item?.length ?? 0) - 1);
  });
});

describe("the fields the clinician must answer", () => {
  const known = questions.map((q) => q.linkId);

  it.each<[string, fhir4.OperationOutcomeIssue, string[]]>([
    ["an expression with where(linkId=...)", { severity: "warning", code: "required", expression: ["QuestionnaireResponse.item.where(linkId='treatmentSession').item.where(linkId='readyToLeaveMinutes')"] }, ["treatmentSession", "readyToLeaveMinutes"]],
    ["the server's descendants().where(linkId = '...')", { severity: "information", code: "incomplete", diagnostics: "readyToLeaveMinutes: not in the records, left for the clinician (required): If there was not a 2-hour minimum", expression: ["QuestionnaireResponse.descendants().where(linkId = 'readyToLeaveMinutes')"] }, ["readyToLeaveMinutes"]],
    ["a bare linkId as expression", { severity: "information", code: "incomplete", expression: ["readyToLeaveMinutes"] }, ["readyToLeaveMinutes"]],
    ["a location with linkId=", { severity: "information", code: "incomplete", location: ["item[linkId=lotNumber]"] }, ["lotNumber"]],
    ["the diagnostics' words", { severity: "information", code: "incomplete", diagnostics: "QR-REQUIRED: hcpEmail and readyToLeaveMinutes are not answered" }, ["hcpEmail", "readyToLeaveMinutes"]],
    ["nothing it knows", { severity: "information", code: "incomplete", diagnostics: "the records give no answer" }, []],
  ])("from an issue naming them in %s", (_how, issue, expected) => {
    expect(linkIdsInOutcome({ resourceType: "OperationOutcome", issue: [issue] }, [...known, "treatmentSession"])).toEqual(expected);
  });

  it("lists the required, enabled, unanswered questions, the hidden session item never", () => {
    expect(unansweredRequired(questionnaire, fullResponse())).toEqual([]);
    expect(unansweredRequired(questionnaire, fullResponse(["readyToLeaveMinutes", "lotNumber", "session", "hcpEmail"]))).toEqual([
      "hcpEmail",
      "readyToLeaveMinutes",
    ]);
  });

  it("follows enableWhen: enrolment is asked only at the first treatment", () => {
    const first = fullResponse();
    const patientGroup = first.item?.find((i) => i.linkId === "patient");
    patientGroup!.item = patientGroup!.item!.filter((i) => i.linkId !== "enrolledInRems");
    expect(unansweredRequired(questionnaire, first)).toEqual([]);
    patientGroup!.item!.find((i) => i.linkId === "firstTreatment")!.answer = [{ valueBoolean: true }];
    expect(unansweredRequired(questionnaire, first)).toEqual(["enrolledInRems"]);
  });

  it("joins the required questions the issues name and those unanswered, in the form's order; the optional ones apart", () => {
    const response = fullResponse(["readyToLeaveMinutes", "sedation"]);
    const left = (linkId: string): fhir4.OperationOutcomeIssue => ({
      severity: "information",
      code: "incomplete",
      expression: [`QuestionnaireResponse.descendants().where(linkId = '${linkId}')`],
    });
    const issues: fhir4.OperationOutcome = {
      resourceType: "OperationOutcome",
      issue: [left("lotNumber"), left("hcpEmail"), left("readyToLeaveMinutes"), left("patientMiddleInitial")],
    };
    expect(fieldsToAnswer(questionnaire, response, issues)).toEqual(["hcpEmail", "readyToLeaveMinutes", "sedation"]);
    expect(optionalLeft(questionnaire, issues)).toEqual(["lotNumber", "patientMiddleInitial"]);
  });
});

describe("the question texts in messages", () => {
  it("names a text several questions share with its group, and leaves the others as they are", () => {
    const texts = itemTexts(questionnaire);
    expect(texts.get("hcpFirstName")).toBe("Healthcare provider conducting patient monitoring: First name");
    expect(texts.get("patientFirstName")).toBe("Patient information: First name");
    expect(texts.get("hcpTelephone")).toBe("Telephone");
    expect(texts.get("readyToLeaveMinutes")).toMatch(/^If there was not a 2-hour minimum/);
  });
});

describe("the response saved", () => {
  const now = new Date("2026-01-21T10:00:00Z");
  const saved = responseToSave({
    answers: forRenderer(fullResponse()),
    questionnaire: `${REMS_QUESTIONNAIRE}|0.1.0`,
    patientId: "patient-esk",
    sessionId: "esk-session-1",
    author: "Practitioner/demo-clinician",
    now,
  });

  it("is completed, for the REMS Questionnaire (version kept), the patient, by the clinician, authored now", () => {
    expect(saved).toMatchObject({
      resourceType: "QuestionnaireResponse",
      meta: { profile: ["https://ketaminefhir.org/ig/StructureDefinition/ketamine-questionnaire-response"] },
      status: "completed",
      questionnaire: `${REMS_QUESTIONNAIRE}|0.1.0`,
      subject: { reference: "Patient/patient-esk" },
      author: { reference: "Practitioner/demo-clinician" },
      authored: "2026-01-21T10:00:00.000Z",
    });
    expect(saved.basedOn).toBeUndefined();
    expect(saved.id).toBeUndefined();
  });

  it("keeps the hidden session item, first and once", () => {
    expect(saved.item?.[0]).toEqual({ linkId: "session", answer: [{ valueReference: { reference: "MedicationAdministration/esk-session-1" } }] });
    expect(saved.item?.filter((i) => i.linkId === "session")).toHaveLength(1);
    expect(responseSession(saved)).toBe("MedicationAdministration/esk-session-1");
    expect(unansweredRequired(questionnaire, saved)).toEqual([]);
  });

  it("names the REMS Questionnaire whatever the renderer called it", () => {
    const other = responseToSave({ answers: fullResponse(), questionnaire: "Questionnaire/x", patientId: "p", sessionId: "s", now });
    expect(other.questionnaire).toBe(REMS_QUESTIONNAIRE);
    expect(other.author).toBeUndefined();
  });
});

describe("the submission recorded", () => {
  const communication = submissionCommunication({
    taskId: "t1",
    patientId: "patient-esk",
    sessionId: "esk-session-1",
    responseId: "qr1",
    medium: "FAXWRIT",
    sent: "2026-01-21T11:00:00+00:00",
    confirmation: " RC-123 ",
    sender: "Practitioner/demo-clinician",
  });

  it("is the contract's Communication", () => {
    expect(communication).toEqual({
      resourceType: "Communication",
      status: "completed",
      identifier: [{ system: CONFIRMATION_SYSTEM, value: "RC-123" }],
      basedOn: [{ reference: "Task/t1" }],
      subject: { reference: "Patient/patient-esk" },
      about: [{ reference: "MedicationAdministration/esk-session-1" }],
      medium: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", code: "FAXWRIT", display: "telefax" }] }],
      sent: "2026-01-21T11:00:00+00:00",
      recipient: [{ display: "SPRAVATO REMS" }],
      sender: { reference: "Practitioner/demo-clinician" },
      payload: [{ contentReference: { reference: "QuestionnaireResponse/qr1" } }],
    });
  });

  it("online, and refused without a confirmation number or an unknown medium", () => {
    const args = { taskId: "t", patientId: "p", sessionId: "s", responseId: "r", sent: "2026-01-21T11:00:00Z", confirmation: "1" };
    expect(submissionCommunication({ ...args, medium: "ONLINEWRIT" }).medium?.[0].coding?.[0].code).toBe("ONLINEWRIT");
    expect(() => submissionCommunication({ ...args, medium: "EMAILWRIT" })).toThrow(/medium/);
    expect(() => submissionCommunication({ ...args, medium: "FAXWRIT", confirmation: "  " })).toThrow(/confirmation/);
  });

  it("turns the datetime-local input into a FHIR dateTime with the local offset", () => {
    const value = localInputToDateTime("2026-01-21T14:05");
    expect(value).toMatch(/^2026-01-21T14:05:00[+-]\d{2}:\d{2}$/);
    expect(new Date(value!).getTime()).toBe(new Date(2026, 0, 21, 14, 5).getTime());
    expect(localInputToDateTime("yesterday")).toBeUndefined();
  });
});

describe("due and overdue", () => {
  const now = new Date(2026, 0, 20, 15, 0); // 20 January 2026, 15:00 local time

  it.each<[string | undefined, string]>([
    ["2026-01-19", "overdue"],
    ["2026-01-20", "due-today"],
    ["2026-01-27", "due"],
    [new Date(2026, 0, 20, 14, 59).toISOString(), "overdue"],
    [new Date(2026, 0, 20, 23, 59).toISOString(), "due-today"],
    [new Date(2026, 0, 21, 0, 0).toISOString(), "due"],
    [undefined, "no-due-date"],
    ["soon", "no-due-date"],
  ])("due %s is %s", (due, state) => expect(dueState(due, now)).toBe(state));

  const task = (id: string, due: string | undefined, status: fhir4.Task["status"] = "requested", patient = "a"): fhir4.Task => ({
    resourceType: "Task",
    id,
    status,
    intent: "order",
    code: { coding: [{ system: "https://ketaminefhir.org/ig/CodeSystem/ketamine-task", code: "submit-rems-form" }] },
    for: { reference: `Patient/${patient}` },
    focus: { reference: `MedicationAdministration/session-${id}` },
    ...(due ? { restriction: { period: { end: due } } } : {}),
  });

  it("lists the open REMS Tasks, earliest due first, with the patient's name and the session", () => {
    const saved = task("t3", "2026-01-25", "in-progress", "b");
    saved.output = [
      { type: { coding: [{ system: "https://ketaminefhir.org/ig/CodeSystem/ketamine-task", code: "response" }] }, valueReference: { reference: "QuestionnaireResponse/qr9" } },
    ];
    const rows = remsTaskRows(
      [
        task("t1", "2026-01-27"),
        task("t2", "2026-01-18"),
        saved,
        task("t4", undefined),
        task("t5", "2026-01-10", "completed"),
        { ...task("t6", "2026-01-10"), code: { coding: [{ system: "http://hl7.org/fhir/uv/sdc/CodeSystem/temp", code: "complete-questionnaire" }] } },
        { resourceType: "Patient", id: "a", name: [{ given: ["Ann"], family: "Lee" }] },
        { resourceType: "Patient", id: "b", name: [{ given: ["Bo"], family: "Ng" }] },
        { resourceType: "MedicationAdministration", id: "session-t2", status: "completed", subject: { reference: "Patient/a" }, effectivePeriod: { start: "2026-01-11T09:00:00Z" }, medicationCodeableConcept: {} },
      ],
      now,
      (p) => `${p.name?.[0].given?.[0]} ${p.name?.[0].family}`,
    );
    expect(rows.map((r) => [r.taskId, r.state, r.patientName, r.sessionId])).toEqual([
      ["t2", "overdue", "Ann Lee", "session-t2"],
      ["t3", "due", "Bo Ng", "session-t3"],
      ["t1", "due", "Ann Lee", "session-t1"],
      ["t4", "no-due-date", "Ann Lee", "session-t4"],
    ]);
    expect(rows[1].responseId).toBe("qr9");
    expect(rows[0].sessionDate).toBe("2026-01-11T09:00:00Z");
    expect(rows[1].sessionDate).toBeUndefined();
    expect(taskResponseId(saved)).toBe("qr9");
  });

  it("asks the server for the open REMS Tasks with their patients", () => {
    const q = new URLSearchParams(OPEN_REMS_TASKS.split("?")[1]);
    expect(q.get("code")).toBe("https://ketaminefhir.org/ig/CodeSystem/ketamine-task|submit-rems-form");
    expect(q.get("status")).toBe("requested,in-progress");
    expect(q.getAll("_include")).toEqual(["Task:patient", "Task:focus"]);
  });
});
