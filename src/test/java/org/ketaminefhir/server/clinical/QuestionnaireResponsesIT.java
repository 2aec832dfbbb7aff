package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.NotificationReceiver;
import org.ketaminefhir.server.support.TestClinic;

/**
 * Patient-reported questionnaires over HTTP on PostgreSQL: a response alone and in a transaction yields the
 * Observations its Questionnaire's templates say, amended and entered in error; QR-SCORE, QR-REQUIRED and QR-TASK
 * refuse with nothing stored; PHQ-9 item 9 raises the alert and the C-SSRS Task, which a C-SSRS response completes; a
 * session is refused until the alert is reviewed; racing responses (also on two servers) get one alert each and no
 * duplicate Observation; a rest-hook subscriber hears of the alert; a patient's token writes its own responses but not
 * what is derived from them; {@code $extract} stores nothing.
 */
class QuestionnaireResponsesIT extends FhirServerTestBase {

    private static final String IG = ClinicFixtures.IG;
    private static final String LOINC = "http://loinc.org";
    private static final String SDC_TEMP = "http://hl7.org/fhir/uv/sdc/CodeSystem/temp";
    private static final String ALERTS = IG + "CodeSystem/safety-alert";
    private static final String[] PHQ9 = {
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"
    };
    private static final String[] GAD7 = {"69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"};
    private static final String[] ANSWERS = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};
    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ClinicFixtures clinic;

    @BeforeEach
    void fixtures() {
        clinic = new ClinicFixtures(client());
    }

    // ---- building responses

    static QuestionnaireResponse response(String patient, String questionnaire, Instant authored) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire(IG + "Questionnaire/" + questionnaire);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference(patient));
        response.setAuthoredElement(new DateTimeType(authored.toString()));
        response.setSource(new Reference(patient));
        return response;
    }

    static QuestionnaireResponse scored(String patient, String questionnaire, Instant authored, int... ordinals) {
        String[] items = "phq-9".equals(questionnaire) ? PHQ9 : GAD7;
        QuestionnaireResponse response = response(patient, questionnaire, authored);
        for (int i = 0; i < ordinals.length; i++) {
            if (ordinals[i] >= 0) {
                response.addItem()
                        .setLinkId(items[i])
                        .addAnswer()
                        .setValue(new Coding(LOINC, ANSWERS[ordinals[i]], null));
            }
        }
        return response;
    }

    static QuestionnaireResponse cssrs(String patient, Instant authored, Object... pairs) {
        QuestionnaireResponse response = response(patient, "cssrs-screener-recent", authored);
        for (int i = 0; i < pairs.length; i += 2) {
            response.addItem().setLinkId((String) pairs[i]).addAnswer().setValue(new BooleanType((Boolean)
                    pairs[i + 1]));
        }
        return response;
    }

    private <T extends Resource> List<T> search(String url, Class<T> type) {
        return client()
                .search()
                .byUrl(url)
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> type.cast(e.getResource()))
                .toList();
    }

    private List<Observation> derivedFrom(String response) {
        return search("Observation?derived-from=" + response, Observation.class);
    }

    private List<DetectedIssue> alertsAbout(String implicated) {
        return search("DetectedIssue?implicated=" + implicated, DetectedIssue.class);
    }

    private static String code(Observation o) {
        return o.getCode().getCodingFirstRep().getCode();
    }

    private static String detail(UnprocessableEntityException refusal) {
        return ((OperationOutcome) refusal.getOperationOutcome())
                .getIssueFirstRep()
                .getDiagnostics();
    }

    private static String outcome(UnprocessableEntityException refusal) {
        return FHIR.newJsonParser().encodeResourceToString(refusal.getOperationOutcome());
    }

    private QuestionnaireResponse read(String id) {
        return client().read()
                .resource(QuestionnaireResponse.class)
                .withId(id)
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .execute();
    }

    // ---- a response alone and in a transaction

    @Test
    void aPhq9ResponseAloneYieldsItsTotalItsItem9AnAlertAndACssrsTask() {
        String patient = clinic.patient();
        String id = clinic.create(scored(patient, "phq-9", START, 1, 2, 1, 0, 0, 1, 0, 0, 1));

        QuestionnaireResponse stored = read(id);
        assertThat(stored.getMeta().getSecurity())
                .as("a response to the IG's Questionnaire is labelled like the records derived from it")
                .extracting(Coding::getCode)
                .contains("PSY", "R");
        assertThat(stored.getItem())
                .as("the total filled in by the server, after the difficulty item's place")
                .filteredOn(i -> i.getLinkId().equals("44261-6"))
                .singleElement()
                .satisfies(i -> assertThat(
                                i.getAnswerFirstRep().getValueIntegerType().getValue())
                        .isEqualTo(6));

        List<Observation> derived = derivedFrom(id);
        assertThat(derived).extracting(QuestionnaireResponsesIT::code).containsExactlyInAnyOrder("44260-8", "44261-6");
        Observation total = derived.stream()
                .filter(o -> code(o).equals("44261-6"))
                .findFirst()
                .orElseThrow();
        assertThat(total.getValueIntegerType().getValue()).isEqualTo(6);
        assertThat(total.getSubject().getReference()).isEqualTo(patient);
        assertThat(total.getEffectiveDateTimeType().getValue().toInstant()).isEqualTo(START);
        assertThat(total.getMeta().getProfile())
                .extracting(CanonicalType::getValue)
                .contains(IG + "StructureDefinition/ketamine-score");
        assertThat(total.getMeta().getSecurity()).extracting(Coding::getCode).contains("PSY");
        Observation item9 = derived.stream()
                .filter(o -> code(o).equals("44260-8"))
                .findFirst()
                .orElseThrow();
        assertThat(item9.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("LA6569-3");
        assertThat(search("Observation?code=" + LOINC + "|44260-8&patient=" + patient, Observation.class))
                .as("a search on 44260-8 finds it")
                .hasSize(1);

        String item9Id = "Observation/" + item9.getIdElement().getIdPart();
        DetectedIssue alert = alertsAbout(item9Id).stream().findFirst().orElseThrow();
        assertThat(alert.getDetail()).startsWith("PHQ9-ITEM9:");
        assertThat(alert.getCode().getCodingFirstRep().getSystem()).isEqualTo(ALERTS);
        assertThat(alert.getCode().getCodingFirstRep().getCode()).isEqualTo("suicide-risk-phq9-item9");
        assertThat(alert.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.HIGH);
        assertThat(alert.getImplicated()).extracting(Reference::getReference).containsExactly(item9Id, id);
        String alertId = "DetectedIssue/" + alert.getIdElement().getIdPart();

        List<Task> tasks =
                search("Task?patient=" + patient + "&code=" + SDC_TEMP + "|complete-questionnaire", Task.class);
        assertThat(tasks).singleElement().satisfies(task -> {
            assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
            assertThat(task.getPriority()).isEqualTo(Task.TaskPriority.URGENT);
            assertThat(task.getReasonReference().getReference()).isEqualTo(alertId);
            assertThat(((CanonicalType) task.getInputFirstRep().getValue()).getValue())
                    .isEqualTo(IG + "Questionnaire/cssrs-screener-recent");
            assertThat(task.getRestriction()
                            .getPeriod()
                            .getStartElement()
                            .getValue()
                            .toInstant())
                    .isEqualTo(START);
        });

        // Written again (a retry): one alert, one Task, the same Observations.
        stored.setId(stored.getIdElement().toUnqualifiedVersionless());
        client().update().resource(stored).execute();
        assertThat(alertsAbout(item9Id)).hasSize(1);
        assertThat(derivedFrom(id)).hasSize(2);
        assertThat(search("Task?patient=" + patient + "&code=" + SDC_TEMP + "|complete-questionnaire", Task.class))
                .hasSize(1);

        // The C-SSRS screen answers the Task: low risk, no alert.
        String screen = clinic.create(
                cssrs(patient, START.plusSeconds(3600), "93246-7", false, "93247-5", false, "93267-3", false));
        Task done = search("Task?patient=" + patient + "&code=" + SDC_TEMP + "|complete-questionnaire", Task.class)
                .get(0);
        assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(((Reference) done.getOutputFirstRep().getValue()).getReference())
                .isEqualTo(screen);
        assertThat(derivedFrom(screen)).singleElement().satisfies(risk -> {
            assertThat(code(risk)).isEqualTo("cssrs-risk");
            assertThat(risk.getValueCodeableConcept().getCodingFirstRep().getCode())
                    .isEqualTo("low");
        });
        assertThat(alertsAbout(screen)).isEmpty();
    }

    @Test
    void aResponseInATransactionIsScoredAndExtractedWithItsStoredId() {
        String patient = clinic.patient();
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(scored(patient, "gad-7", START, 3, 3, 2, 2, 1, 0, 0))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("QuestionnaireResponse");
        Bundle answer = client().transaction().withBundle(bundle).execute();
        String id = new IdType(answer.getEntryFirstRep().getResponse().getLocation())
                .toUnqualifiedVersionless()
                .getValue();
        assertThat(derivedFrom(id)).singleElement().satisfies(total -> {
            assertThat(code(total)).isEqualTo("70274-6");
            assertThat(total.getValueIntegerType().getValue()).isEqualTo(11);
            assertThat(total.getDerivedFromFirstRep().getReference()).isEqualTo(id);
        });
    }

    @Test
    void anAmendedResponseUpdatesItsObservationsAndOneEnteredInErrorTakesThemWithIt() {
        String patient = clinic.patient();
        String id = clinic.create(scored(patient, "gad-7", START, 1, 1, 1, 1, 1, 1, 1));
        Observation before = derivedFrom(id).get(0);
        assertThat(before.getValueIntegerType().getValue()).isEqualTo(7);

        QuestionnaireResponse amended = scored(patient, "gad-7", START, 3, 3, 3, 1, 1, 1, 1);
        amended.setId(id);
        amended.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
        client().update().resource(amended).execute();
        assertThat(derivedFrom(id)).singleElement().satisfies(after -> {
            assertThat(after.getIdElement().getIdPart())
                    .isEqualTo(before.getIdElement().getIdPart());
            assertThat(after.getValueIntegerType().getValue()).isEqualTo(13);
            assertThat(after.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
        });

        QuestionnaireResponse withdrawn = read(id);
        withdrawn.setId(withdrawn.getIdElement().toUnqualifiedVersionless());
        withdrawn.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR);
        client().update().resource(withdrawn).execute();
        assertThat(derivedFrom(id))
                .singleElement()
                .satisfies(
                        after -> assertThat(after.getStatus()).isEqualTo(Observation.ObservationStatus.ENTEREDINERROR));
    }

    @Test
    void anInProgressResponseIsStoredAsItIsWithNothingDerived() {
        String patient = clinic.patient();
        QuestionnaireResponse partial = scored(patient, "phq-9", START, 1, 1, -1, -1, -1, -1, -1, -1, 3);
        partial.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        String id = clinic.create(partial);
        assertThat(derivedFrom(id)).isEmpty();
        assertThat(alertsAbout(id)).isEmpty();
    }

    // ---- refusals: 422 naming the rule, nothing stored

    @Test
    void aDisagreeingTotalOrAMissingRequiredItemIsRefusedAndNothingIsStored() {
        String patient = clinic.patient();
        QuestionnaireResponse wrong = scored(patient, "phq-9", START, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        wrong.addItem().setLinkId("44261-6").addAnswer().setValue(new IntegerType(12));
        assertThatThrownBy(() -> clinic.create(wrong))
                .isInstanceOfSatisfying(
                        UnprocessableEntityException.class,
                        refusal -> assertThat(detail(refusal))
                                .startsWith("QR-SCORE: ")
                                .contains("12")
                                .contains("9"));

        QuestionnaireResponse incomplete = scored(patient, "phq-9", START, 1, 1, 1, 1, 1, 1, 1, 1, -1);
        assertThatThrownBy(() -> clinic.create(incomplete))
                .isInstanceOfSatisfying(
                        UnprocessableEntityException.class,
                        refusal -> assertThat(outcome(refusal))
                                .as("QR-REQUIRED, or the validator's check of the response against its Questionnaire")
                                .contains("44260-8"));

        QuestionnaireResponse strange = scored(patient, "gad-7", START, 1, 1, 1, 1, 1, 1, 1);
        strange.getItemFirstRep().getAnswerFirstRep().setValue(new Coding(LOINC, "LA6572-7", null));
        assertThatThrownBy(() -> clinic.create(strange))
                .isInstanceOfSatisfying(
                        UnprocessableEntityException.class,
                        refusal -> assertThat(outcome(refusal))
                                .as("QR-ANSWER, or the validator")
                                .contains("LA6572-7"));

        // In a transaction too: the whole bundle is refused.
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(wrong)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("QuestionnaireResponse");
        assertThatThrownBy(() -> client().transaction().withBundle(bundle).execute())
                .isInstanceOf(UnprocessableEntityException.class);

        assertThat(search("QuestionnaireResponse?subject=" + patient, QuestionnaireResponse.class))
                .isEmpty();
        assertThat(search("Observation?patient=" + patient, Observation.class)).isEmpty();
    }

    // ---- Tasks

    private String phq9Task(String patient) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding(SDC_TEMP, "complete-questionnaire", null)));
        task.setFor(new Reference(patient));
        task.getRestriction()
                .setPeriod(new Period()
                        .setStartElement(new DateTimeType("2026-03-01"))
                        .setEndElement(new DateTimeType("2026-03-08")));
        task.addInput()
                .setType(new CodeableConcept(new Coding(SDC_TEMP, "questionnaire", null)))
                .setValue(new CanonicalType(IG + "Questionnaire/phq-9"));
        return clinic.create(task);
    }

    /**
     * R4 allows a response's basedOn only CarePlan and ServiceRequest (HAPI refuses a Task there), so the server finds
     * the Task a response answers: the patient's open Task for the same Questionnaire that started last.
     */
    @Test
    void aResponseCompletesThePatientsCurrentTaskForItsQuestionnaire() {
        String patient = clinic.patient();
        String task = phq9Task(patient);

        clinic.create(scored(patient, "gad-7", START, 0, 0, 0, 0, 0, 0, 0));
        String other = clinic.patient();
        clinic.create(scored(other, "phq-9", START, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(client().read().resource(Task.class).withId(task).execute().getStatus())
                .as("another questionnaire, another patient: still open")
                .isEqualTo(Task.TaskStatus.REQUESTED);

        String id = clinic.create(scored(patient, "phq-9", START, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        Task done = client().read().resource(Task.class).withId(task).execute();
        assertThat(done.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(done.getOutputFirstRep().getType().getCodingFirstRep().getCode())
                .isEqualTo("questionnaire-response");
        assertThat(((Reference) done.getOutputFirstRep().getValue()).getReference())
                .isEqualTo(id);
        assertThat(alertsAbout(id)).as("item 9 = 0: no alert").isEmpty();
    }

    // ---- the session waits for the review

    @Test
    void aSessionIsRefusedAfterAnItem9ResponseUntilTheAlertIsReviewed() {
        String patient = clinic.patient();
        clinic.decidedScreening(patient, "2026-02-26T11:00:00Z", "eligible");
        String plan = clinic.plan(patient);
        String encounter = clinic.encounter(patient, START.minusSeconds(900), START.plusSeconds(5400));
        String response =
                clinic.create(scored(patient, "phq-9", START.minus(Duration.ofDays(1)), 0, 0, 0, 0, 0, 0, 0, 0, 2));
        MedicationAdministration session = clinic.ivSession(patient, plan, encounter, START, new BigDecimal("0.5"));
        assertThatThrownBy(() -> clinic.create(session))
                .isInstanceOfSatisfying(
                        UnprocessableEntityException.class,
                        refusal -> assertThat(detail(refusal)).startsWith("SUICIDE-RISK-REVIEW: "));

        DetectedIssue alert = search(
                        "DetectedIssue?patient=" + patient + "&code=" + ALERTS + "|suicide-risk-phq9-item9",
                        DetectedIssue.class)
                .get(0);
        assertThat(alert.getImplicated()).extracting(Reference::getReference).contains(response);
        Practitioner practitioner = new Practitioner();
        practitioner.setId("qr-reviewer");
        practitioner.addName().setFamily("Osei");
        client().update().resource(practitioner).execute();
        client().update()
                .resource(ClinicFixtures.reviewed(alert, "safety-plan", "Practitioner/qr-reviewer"))
                .execute();
        assertThat(clinic.create(session)).startsWith("MedicationAdministration/");
    }

    // ---- races

    @Test
    void twoResponsesOfOnePatientAtOnceGetOneAlertEachAndNoDuplicateObservation() throws Exception {
        race(fhirBase(), fhirBase());
    }

    @Test
    void twoResponsesOfOnePatientAtOnceOnTwoServersToo() throws Exception {
        race(fhirBase(), secondServer().fhirBase());
    }

    private void race(String firstBase, String secondBase) throws Exception {
        String patient = clinic.patient();
        List<String> ids = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            QuestionnaireResponse response = scored(patient, "phq-9", START.plusSeconds(i), 1, 1, 1, 1, 1, 1, 1, 1, 3);
            String id = "qr-race-" + UUID.randomUUID().toString().substring(0, 13);
            response.setId(id);
            ids.add("QuestionnaireResponse/" + id);
            bodies.add(FHIR.newJsonParser().encodeResourceToString(response));
        }
        String token = token();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                for (String base : List.of(firstBase, secondBase)) { // each response PUT twice, once to each server
                    String url = base + "/" + ids.get(i);
                    String body = bodies.get(i);
                    answers.add(threads.submit(() -> {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/fhir+json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body))
                                .timeout(Duration.ofSeconds(90))
                                .build();
                        go.await();
                        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                    }));
                }
            }
            go.countDown();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
            }
        } finally {
            threads.shutdownNow();
        }
        for (String id : ids) {
            List<Observation> derived = derivedFrom(id);
            assertThat(derived)
                    .as(id)
                    .extracting(QuestionnaireResponsesIT::code)
                    .containsExactlyInAnyOrder("44260-8", "44261-6");
            String item9 = "Observation/"
                    + derived.stream()
                            .filter(o -> code(o).equals("44260-8"))
                            .findFirst()
                            .orElseThrow()
                            .getIdElement()
                            .getIdPart();
            assertThat(alertsAbout(item9)).as(id).hasSize(1);
        }
        assertThat(search("DetectedIssue?patient=" + patient, DetectedIssue.class))
                .hasSize(2);
    }

    // ---- subscriptions

    @Test
    void theSuicideRiskAlertReachesARestHookSubscriberWithinFiveSeconds() throws Exception {
        String patient = clinic.patient();
        NotificationReceiver.Inbox inbox = NotificationReceiver.inbox();
        Subscription subscription = new Subscription();
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Suicide risk from a PHQ-9");
        subscription.setCriteria("DetectedIssue?code=" + ALERTS + "|suicide-risk-phq9-item9&patient=" + patient);
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint(inbox.endpoint)
                .setPayload("application/fhir+json");
        String id = clinic.create(subscription);
        try {
            Instant end = Instant.now().plusSeconds(20);
            while (client().read()
                            .resource(Subscription.class)
                            .withId(id)
                            .execute()
                            .getStatus()
                    != Subscription.SubscriptionStatus.ACTIVE) {
                assertThat(Instant.now()).isBefore(end);
                Thread.sleep(100);
            }
            Thread.sleep(2500); // every server re-reads Subscriptions every 2 s
            clinic.create(scored(patient, "phq-9", START, 0, 0, 0, 0, 0, 0, 0, 0, 1));
            Instant written = Instant.now();
            Instant limit = written.plusSeconds(10);
            while (inbox.received.isEmpty() && Instant.now().isBefore(limit)) {
                Thread.sleep(50);
            }
            assertThat(inbox.received).isNotEmpty();
            assertThat(Duration.between(written, inbox.received.get(0).received()))
                    .isLessThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(inbox.received.get(0).body()).contains("DetectedIssue").contains("PHQ9-ITEM9");
        } finally {
            client().delete().resourceById(new IdType(id)).execute();
        }
    }

    // ---- a patient's own responses

    @Test
    void aPatientsTokenWritesItsOwnResponsesButNotWhatIsDerived() throws Exception {
        String own = "Patient/" + TestClinic.PATIENT_USER_PATIENT;
        new ClinicFixtures(client()).patientUsersPatient();
        String patientToken = AuthorizationCodeFlow.login(
                        origin(),
                        TestClinic.PATIENT_USER,
                        "launch/patient openid fhirUser patient/QuestionnaireResponse.cru patient/Observation.cru"
                                + " sensitive/psy.read",
                        Map.of())
                .json()
                .get("access_token")
                .asText();
        IGenericClient patientClient = client(patientToken);
        String id = patientClient
                .create()
                .resource(scored(own, "gad-7", START, 1, 0, 0, 0, 0, 0, 0))
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        assertThat(derivedFrom(id))
                .singleElement()
                .satisfies(o -> assertThat(o.getValueIntegerType().getValue()).isEqualTo(1));

        QuestionnaireResponse amended = scored(own, "gad-7", START, 2, 0, 0, 0, 0, 0, 0);
        amended.setId(id);
        amended.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
        patientClient.update().resource(amended).execute();
        Observation total = derivedFrom(id).get(0);
        assertThat(total.getValueIntegerType().getValue()).isEqualTo(2);

        total.setValue(new IntegerType(0));
        total.setId(total.getIdElement().toUnqualifiedVersionless());
        HttpResponse<String> refused = send(
                "PUT",
                "/" + total.getIdElement().getValue(),
                patientToken,
                FHIR.newJsonParser().encodeResourceToString(total));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("OperationOutcome");

        HttpResponse<String> extract = send("GET", "/" + id + "/$extract", patientToken, null);
        assertThat(extract.statusCode())
                .as("$extract is the clinic's: " + extract.body())
                .isEqualTo(403);
    }

    // ---- $extract

    @Test
    void extractReturnsWhatWouldBeDerivedAndStoresNothing() throws Exception {
        String patient = clinic.patient();
        String id = clinic.create(scored(patient, "phq-9", START, 2, 2, 2, 2, 2, 2, 2, 2, 0));
        int before = search("Observation?patient=" + patient, Observation.class).size();
        assertThat(client()
                        .capabilities()
                        .ofType(org.hl7.fhir.r4.model.CapabilityStatement.class)
                        .execute()
                        .getRestFirstRep()
                        .getResource()
                        .stream()
                        .filter(r -> r.getType().equals("QuestionnaireResponse"))
                        .flatMap(r -> r.getOperation().stream())
                        .map(o -> o.getName()))
                .as("declared in the CapabilityStatement")
                .contains("extract");

        Bundle extracted = client().operation()
                .onInstance(new IdType(id))
                .named("$extract")
                .withNoParameters(Parameters.class)
                .returnResourceType(Bundle.class)
                .useHttpGet()
                .execute();
        assertThat(extracted.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(extracted.getEntry())
                .extracting(e -> code((Observation) e.getResource()))
                .containsExactlyInAnyOrder("44260-8", "44261-6");
        assertThat(extracted.getEntry())
                .allSatisfy(e -> assertThat(((Observation) e.getResource())
                                .getDerivedFromFirstRep()
                                .getReference())
                        .isEqualTo(id));

        QuestionnaireResponse unsaved = scored(patient, "gad-7", START, 3, 3, 3, 3, 3, 3, 3);
        Parameters in = new Parameters();
        in.addParameter().setName("questionnaire-response").setResource(unsaved);
        Bundle given = client().operation()
                .onType(QuestionnaireResponse.class)
                .named("$extract")
                .withParameters(in)
                .returnResourceType(Bundle.class)
                .execute();
        assertThat(given.getEntry())
                .singleElement()
                .satisfies(e -> assertThat(((Observation) e.getResource())
                                .getValueIntegerType()
                                .getValue())
                        .isEqualTo(21));
        assertThat(search("Observation?patient=" + patient, Observation.class)).hasSize(before);

        QuestionnaireResponse wrong = scored(patient, "gad-7", START, 3, 3, 3, 3, 3, 3, 3);
        wrong.addItem().setLinkId("70274-6").addAnswer().setValue(new IntegerType(20));
        Parameters bad = new Parameters();
        bad.addParameter().setName("questionnaire-response").setResource(wrong);
        HttpResponse<String> refused = send(
                "POST",
                "/QuestionnaireResponse/$extract",
                token(),
                FHIR.newJsonParser().encodeResourceToString(bad));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("QR-SCORE");
    }
}
