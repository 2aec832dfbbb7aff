package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.clinical.questionnaire.ResponseCheck;
import org.ketaminefhir.server.clinical.questionnaire.ResponseItems;
import org.ketaminefhir.server.clinical.rems.RemsOverdueSweep;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The SPRAVATO REMS form tracked to its submission, over HTTP on PostgreSQL: the REMS Task an esketamine session
 * creates, the completed form (refused while a required field is unanswered, or naming another session), the submission
 * that completes the Task (refused when it does not say how, when or with which confirmation number), the overdue alert
 * raised once (also by two servers sweeping at once), and the session entered in error that cancels its Task; all with a
 * clinician's token.
 */
class RemsTrackingIT extends FhirServerTestBase {

    private static final String IG = ClinicFixtures.IG;
    private static final String REMS = IG + "Questionnaire/spravato-rems-monitoring";
    private static final String TASK_CODES = IG + "CodeSystem/ketamine-task";
    private static final String SDC_TEMP = "http://hl7.org/fhir/uv/sdc/CodeSystem/temp";
    private static final String MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";
    private static final String CONFIRMATION = "https://ketaminefhir.org/ig/rems-confirmation-number";

    @Autowired
    private RemsOverdueSweep sweep;

    private String clinicianToken;
    private IGenericClient clinician;
    private ClinicFixtures clinic;

    @BeforeEach
    void signIn() {
        clinicianToken = AuthorizationCodeFlow.login(
                        origin(), TestClinic.CLINICIAN, "openid fhirUser user/*.cruds sensitive/psy.read", Map.of())
                .json()
                .get("access_token")
                .asText();
        clinician = client(clinicianToken);
        clinic = new ClinicFixtures(clinician);
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC); // the clinic's time zone in the shipped settings
    }

    /** A patient eligible for treatment, with a plan, and an esketamine session given at {@code start}. */
    private String[] patientWithSession(Instant start) {
        String patient = clinic.patient();
        clinic.decidedScreening(
                patient, start.minus(3, ChronoUnit.DAYS).toString().substring(0, 19) + "Z", "eligible");
        String plan = clinic.plan(patient);
        String session = session(patient, plan, start);
        return new String[] {patient, plan, session};
    }

    private String session(String patient, String plan, Instant start) {
        return clinic.create(clinic.esketamineSession(
                patient, plan, clinic.encounter(patient, start.minusSeconds(600), start.plusSeconds(7800)), start, 56));
    }

    private List<Task> remsTasksOf(String session) {
        return clinician
                .search()
                .byUrl("Task?focus=" + session + "&code=" + TASK_CODES + "|submit-rems-form")
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Task) e.getResource())
                .toList();
    }

    private Task remsTaskOf(String session) {
        List<Task> tasks = remsTasksOf(session);
        assertThat(tasks).as("one REMS Task of " + session).hasSize(1);
        return tasks.get(0);
    }

    private String practitioner() {
        Practitioner practitioner = new Practitioner();
        practitioner.setId("rems-clinician");
        practitioner.addName().setFamily("Varga").addGiven("Lena");
        client().update().resource(practitioner).execute();
        return "Practitioner/rems-clinician";
    }

    /** The REMS form, every enabled item answered (the first treatment: yes, so enrolment is asked). */
    private QuestionnaireResponse fullForm(String patient, String session) {
        Questionnaire questionnaire = client().search()
                                .byUrl("Questionnaire?url=" + REMS)
                                .returnBundle(Bundle.class)
                                .execute()
                                .getEntryFirstRep()
                                .getResource()
                        instanceof Questionnaire q
                ? q
                : null;
        assertThat(questionnaire).as("the REMS Questionnaire is installed").isNotNull();
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.getMeta().addProfile(IG + "StructureDefinition/ketamine-questionnaire-response");
        response.setQuestionnaire(REMS);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference(patient));
        response.setAuthored(new Date());
        response.setAuthor(new Reference(practitioner()));
        for (Questionnaire.QuestionnaireItemComponent item : questionnaire.getItem()) {
            response.addItem(answer(item, session));
        }
        // Answers to items their enableWhen leaves disabled are taken out again.
        for (boolean changed = true; changed; ) {
            changed = false;
            ResponseItems items = new ResponseItems(questionnaire, response);
            for (Questionnaire.QuestionnaireItemComponent item : items.items()) {
                if (!ResponseCheck.enabled(item, items)
                        && !items.answers(item.getLinkId()).isEmpty()) {
                    remove(response.getItem(), item.getLinkId());
                    changed = true;
                }
            }
        }
        return response;
    }

    private static QuestionnaireResponse.QuestionnaireResponseItemComponent answer(
            Questionnaire.QuestionnaireItemComponent item, String session) {
        QuestionnaireResponse.QuestionnaireResponseItemComponent answered =
                new QuestionnaireResponse.QuestionnaireResponseItemComponent().setLinkId(item.getLinkId());
        if (item.getType() == Questionnaire.QuestionnaireItemType.GROUP) {
            item.getItem().forEach(child -> answered.addItem(answer(child, session)));
            return answered;
        }
        Type value = switch (item.getType()) {
            case REFERENCE -> new Reference(session);
            case BOOLEAN -> new BooleanType(true);
            case CHOICE, OPENCHOICE ->
                item.getAnswerOptionFirstRep().getValueCoding().copy();
            case DATE -> new DateType(today().toString());
            case INTEGER -> new IntegerType(120);
            case QUANTITY ->
                new Quantity()
                        .setValue(new BigDecimal(56))
                        .setUnit("mg")
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("mg");
            case STRING, TEXT ->
                new StringType(
                        item.getLinkId().startsWith("bloodPressure") ? "128/82 mmHg" : "value of " + item.getLinkId());
            default -> null;
        };
        if (value != null) {
            answered.addAnswer().setValue(value);
        }
        return answered;
    }

    private static boolean remove(List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items, String linkId) {
        if (items.removeIf(i -> i.getLinkId().equals(linkId))) {
            return true;
        }
        return items.stream().anyMatch(i -> remove(i.getItem(), linkId));
    }

    private HttpResponse<String> post(String type, org.hl7.fhir.r4.model.Resource resource) throws Exception {
        return send("POST", "/" + type, clinicianToken, FHIR.newJsonParser().encodeResourceToString(resource));
    }

    private static String id(HttpResponse<String> created) {
        return FHIR.newJsonParser()
                .parseResource(created.body())
                .getIdElement()
                .toUnqualifiedVersionless()
                .getValue();
    }

    private static String diagnostics(HttpResponse<String> answer) {
        return FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body()).getIssue().stream()
                .map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                .reduce("", (a, b) -> a + "\n" + b);
    }

    private static Communication submission(Task task, String response) {
        Communication communication = new Communication();
        communication.setStatus(Communication.CommunicationStatus.COMPLETED);
        communication.addBasedOn(new Reference("Task/" + task.getIdElement().getIdPart()));
        communication.setSubject(task.getFor().copy());
        communication.addAbout(task.getFocus().copy());
        communication.addPayload().setContent(new Reference(response));
        communication.setSent(Date.from(Instant.now().minusSeconds(600)));
        communication.addMedium(new CodeableConcept(new Coding(MODE, "ONLINEWRIT", "online")));
        communication
                .addIdentifier()
                .setSystem(CONFIRMATION)
                .setValue("RC-" + task.getIdElement().getIdPart());
        communication.addRecipient().setDisplay("SPRAVATO REMS");
        return communication;
    }

    private List<DetectedIssue> overdueAlertsOf(String task) {
        return client()
                .search()
                .byUrl("DetectedIssue?implicated=" + task)
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (DetectedIssue) e.getResource())
                .filter(i -> i.getCode().getCodingFirstRep().getCode().equals("rems-form-overdue"))
                .toList();
    }

    @Test
    void theTaskIsCreatedAtTheSessionMovedOnByTheFormAndCompletedByTheSubmission() throws Exception {
        Instant start = today().minusDays(2).atTime(9, 30).toInstant(ZoneOffset.UTC);
        String[] records = patientWithSession(start);
        String patient = records[0];
        String session = records[2];

        Task task = remsTaskOf(session);
        String taskId = "Task/" + task.getIdElement().getIdPart();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
        assertThat(task.getIntent()).isEqualTo(Task.TaskIntent.ORDER);
        assertThat(task.getCode().getCodingFirstRep().getSystem()).isEqualTo(TASK_CODES);
        assertThat(task.getCode().getCodingFirstRep().getCode()).isEqualTo("submit-rems-form");
        assertThat(task.getFor().getReference()).isEqualTo(patient);
        assertThat(task.getFocus().getReference()).isEqualTo(session);
        assertThat(task.hasAuthoredOn()).isTrue();
        assertThat(task.getRestriction().getPeriod().getEndElement().getValueAsString())
                .as("due 7 days after the session, a date of the clinic's time zone")
                .isEqualTo(today().plusDays(5).toString());
        assertThat(task.getInputFirstRep().getType().getCodingFirstRep().getSystem())
                .isEqualTo(SDC_TEMP);
        assertThat(task.getInputFirstRep().getType().getCodingFirstRep().getCode())
                .isEqualTo("questionnaire");
        assertThat(((CanonicalType) task.getInputFirstRep().getValue()).getValue())
                .isEqualTo(REMS);

        // The session written again (a note added): no second Task.
        MedicationAdministration stored = clinician
                .read()
                .resource(MedicationAdministration.class)
                .withId(session)
                .execute();
        stored.addNote().setText("tolerated well");
        clinician.update().resource(stored).execute();
        assertThat(remsTasksOf(session)).hasSize(1);

        // The submission before the form is saved: 422, nothing stored.
        HttpResponse<String> early = post("Communication", submission(task, "QuestionnaireResponse/none"));
        assertThat(early.statusCode()).as(early.body()).isEqualTo(422);
        assertThat(diagnostics(early)).contains("REMS-SUBMISSION", "no completed form");

        // A completed form missing a required field: 422 naming it, nothing stored, the Task untouched.
        QuestionnaireResponse missing = fullForm(patient, session);
        remove(missing.getItem(), "readyToLeaveMinutes");
        HttpResponse<String> refused = post("QuestionnaireResponse", missing);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(diagnostics(refused))
                .as("QR-REQUIRED, or the validator's check of the response against its Questionnaire first")
                .contains("readyToLeaveMinutes");
        assertThat(clinician
                        .search()
                        .byUrl("QuestionnaireResponse?subject=" + patient)
                        .cacheControl(new CacheControlDirective().setNoCache(true))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .isEmpty();
        assertThat(remsTaskOf(session).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);

        // The form naming a session that is not this patient's esketamine session: 422.
        String other = patientWithSession(start.minus(1, ChronoUnit.DAYS))[2];
        HttpResponse<String> wrongSession = post("QuestionnaireResponse", fullForm(patient, other));
        assertThat(wrongSession.statusCode()).as(wrongSession.body()).isEqualTo(422);
        assertThat(diagnostics(wrongSession)).contains("REMS-FORM-SESSION", other);

        // The full form: stored, the Task in progress with the response as output.
        HttpResponse<String> saved = post("QuestionnaireResponse", fullForm(patient, session));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        String response = id(saved);
        task = remsTaskOf(session);
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
        assertThat(task.getOutput()).singleElement().satisfies(o -> {
            assertThat(o.getType().getCodingFirstRep().getSystem()).isEqualTo(TASK_CODES);
            assertThat(o.getType().getCodingFirstRep().getCode()).isEqualTo("response");
            assertThat(((Reference) o.getValue()).getReference()).isEqualTo(response);
        });
        assertThat(clinician
                        .search()
                        .byUrl("Observation?derived-from=" + response)
                        .cacheControl(new CacheControlDirective().setNoCache(true))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .as("the REMS form is neither scored nor extracted")
                .isEmpty();

        // Bad submissions: 422 naming what is wrong, nothing stored.
        Task current = task;
        List<Consumer<Communication>> faults = List.of(
                c -> c.getMediumFirstRep().getCodingFirstRep().setCode("PHONE"),
                c -> c.getIdentifier().clear(),
                c -> c.setSent(Date.from(Instant.now().plus(1, ChronoUnit.DAYS))),
                c -> c.setSent(null),
                c -> c.setSubject(new Reference(clinic.patient())),
                c -> c.setBasedOn(List.of()));
        List<String> named = List.of("medium", "confirmation number", "in the future", "sent", "subject", "basedOn");
        for (int i = 0; i < faults.size(); i++) {
            Communication bad = submission(current, response);
            faults.get(i).accept(bad);
            HttpResponse<String> answer = post("Communication", bad);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
            assertThat(diagnostics(answer)).contains("REMS-SUBMISSION", named.get(i));
        }
        assertThat(clinician
                        .search()
                        .byUrl("Communication?based-on=" + taskId)
                        .cacheControl(new CacheControlDirective().setNoCache(true))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .isEmpty();
        assertThat(remsTaskOf(session).getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);

        // The submission: stored, the Task completed with it as output.
        HttpResponse<String> recorded = post("Communication", submission(task, response));
        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        String communication = id(recorded);
        task = remsTaskOf(session);
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(task.hasLastModified()).isTrue();
        assertThat(task.getOutput())
                .extracting(o ->
                        o.getType().getCodingFirstRep().getCode() + " " + ((Reference) o.getValue()).getReference())
                .containsExactlyInAnyOrder("response " + response, "submission " + communication);

        // A second submission for the completed Task: 422.
        HttpResponse<String> again = post("Communication", submission(task, response));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(422);
        assertThat(diagnostics(again)).contains("submitted already", communication);

        // A completed Task is never overdue.
        assertThat(sweep.sweep(today().plusDays(30), patient)).isGreaterThanOrEqualTo(0);
        assertThat(overdueAlertsOf(taskId)).isEmpty();
    }

    @Test
    void anOverdueTaskRaisesOneModerateAlertEvenWhenTwoServersSweepAtOnce() throws Exception {
        // Sessions of weeks ago: their forms were due a week later and are overdue today.
        Instant first = today().minusDays(30).atTime(10, 0).toInstant(ZoneOffset.UTC);
        String[] records = patientWithSession(first);
        String patient = records[0];
        List<String> sessions = new ArrayList<>(List.of(records[2]));
        sessions.add(session(patient, records[1], first.plus(4, ChronoUnit.DAYS)));
        sessions.add(session(patient, records[1], first.plus(8, ChronoUnit.DAYS)));
        List<String> tasks = sessions.stream()
                .map(s -> "Task/" + remsTaskOf(s).getIdElement().getIdPart())
                .toList();

        // On the due date the form is not overdue yet; on the day after it is.
        LocalDate due = LocalDate.parse(remsTaskOf(sessions.get(0))
                .getRestriction()
                .getPeriod()
                .getEndElement()
                .getValueAsString());
        assertThat(due).isEqualTo(today().minusDays(23));
        sweep.sweep(due, patient);
        assertThat(overdueAlertsOf(tasks.get(0))).isEmpty();

        // This server twice and the second server at the same moment.
        RemsOverdueSweep second = secondServer().context().getBean(RemsOverdueSweep.class);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (RemsOverdueSweep s : List.of(sweep, sweep, second)) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return s.sweep(today(), patient);
                }));
            }
            go.countDown();
            for (Future<Integer> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        sweep.sweep(today(), patient); // and once more later
        for (int i = 0; i < tasks.size(); i++) {
            List<DetectedIssue> alerts = overdueAlertsOf(tasks.get(i));
            assertThat(alerts).as("alerts of " + tasks.get(i)).hasSize(1);
            DetectedIssue alert = alerts.get(0);
            assertThat(alert.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.MODERATE);
            assertThat(alert.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
            assertThat(alert.getCode().getCodingFirstRep().getSystem()).isEqualTo(IG + "CodeSystem/safety-alert");
            assertThat(alert.getDetail()).startsWith("REMS-OVERDUE");
            assertThat(alert.getPatient().getReference()).isEqualTo(patient);
            assertThat(alert.getImplicated())
                    .extracting(Reference::getReference)
                    .containsExactly(tasks.get(i), sessions.get(i));
        }
        // Visible to the clinician's token like the other safety alerts.
        assertThat(clinician
                        .search()
                        .byUrl("DetectedIssue?patient=" + patient + "&code=" + IG
                                + "CodeSystem/safety-alert|rems-form-overdue")
                        .cacheControl(new CacheControlDirective().setNoCache(true))
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .hasSize(3);
    }

    @Test
    void aSessionEnteredInErrorCancelsItsTaskAndNoneIsKeptForOtherSessions() throws Exception {
        Instant start = today().minusDays(5).atTime(9, 0).toInstant(ZoneOffset.UTC);
        String[] records = patientWithSession(start);
        String session = records[2];
        assertThat(remsTaskOf(session).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);

        MedicationAdministration stored = clinician
                .read()
                .resource(MedicationAdministration.class)
                .withId(session)
                .execute();
        stored.setStatus(MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR);
        clinician.update().resource(stored).execute();
        Task cancelled = remsTaskOf(session);
        assertThat(cancelled.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
        assertThat(cancelled.getStatusReason().getText()).contains("entered-in-error");
        String taskId = "Task/" + cancelled.getIdElement().getIdPart();
        sweep.sweep(today().plusDays(60), records[0]);
        assertThat(overdueAlertsOf(taskId))
                .as("a cancelled Task is never overdue")
                .isEmpty();

        // The form of the session entered in error has no Task to answer.
        HttpResponse<String> form = post("QuestionnaireResponse", fullForm(records[0], session));
        assertThat(form.statusCode()).as(form.body()).isEqualTo(422);
        assertThat(diagnostics(form)).contains("REMS-FORM-SESSION");

        // An IV racemic ketamine session has no REMS Task.
        String patient = records[0];
        String iv = clinic.create(clinic.ivSession(
                patient,
                records[1],
                clinic.encounter(patient, start.plusSeconds(86400 * 3 - 600), start.plusSeconds(86400 * 3 + 5400)),
                start.plusSeconds(86400 * 3),
                new BigDecimal("0.5")));
        assertThat(remsTasksOf(iv)).isEmpty();
    }

    @Test
    void theIgExampleEsketamineSessionsGetOneTaskEachInATransaction() {
        for (int load = 0; load < 2; load++) { // the journey stored twice: no Task doubled
            client().transaction()
                    .withBundle(org.ketaminefhir.server.support.IgExamples.journeyTransaction(FHIR))
                    .execute();
        }
        Task first = remsTaskOf("MedicationAdministration/esk-session-1");
        Task second = remsTaskOf("MedicationAdministration/esk-session-2");
        assertThat(first.getFor().getReference()).isEqualTo("Patient/patient-esk");
        assertThat(first.getRestriction().getPeriod().getEndElement().getValueAsString())
                .as("2026-02-05 plus 7 days")
                .isEqualTo("2026-02-12");
        assertThat(second.getRestriction().getPeriod().getEndElement().getValueAsString())
                .isEqualTo("2026-02-16");
        assertThat(remsTasksOf("MedicationAdministration/iv-session-1")).isEmpty();
    }
}
