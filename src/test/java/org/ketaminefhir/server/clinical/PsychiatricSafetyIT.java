package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.CacheControlDirective;
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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.NotificationReceiver;

/**
 * The psychiatric safety rules over HTTP on PostgreSQL: the in-session MOAA/S and CADSS alerts (one per score, also
 * when the score is written again or writes race), the discharge refused while sedated, the session refused until a
 * clinician has reviewed the patient's suicide-risk alert, the review needing a mitigation, the REMS form's sedation,
 * loss of consciousness, dissociation and respiratory depression, and a loss-of-consciousness alert pushed to a
 * rest-hook subscriber.
 */
class PsychiatricSafetyIT extends FhirServerTestBase {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
    private static final String ALERTS = ClinicFixtures.IG + "CodeSystem/safety-alert";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ClinicFixtures clinic;

    @BeforeEach
    void fixtures() {
        clinic = new ClinicFixtures(client());
    }

    private static Instant minutes(int minutes) {
        return START.plus(Duration.ofMinutes(minutes));
    }

    /** The alerts (any status) implicating the resource, read fresh. */
    private List<DetectedIssue> alertsAbout(String implicated) {
        return client()
                .search()
                .byUrl("DetectedIssue?implicated=" + implicated)
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (DetectedIssue) e.getResource())
                .toList();
    }

    private String score(String patient, String session, String scale, int value, int minute) {
        return clinic.create(ClinicFixtures.inSessionScore(patient, session, scale, value, minutes(minute)));
    }

    private static String detail(UnprocessableEntityException refusal) {
        return ((OperationOutcome) refusal.getOperationOutcome())
                .getIssueFirstRep()
                .getDiagnostics();
    }

    // ---- in-session alerts

    @Test
    void moaasAndCadssRaiseTheirAlertsAtTheConfiguredLevels() {
        ClinicFixtures.SessionOfPatient s = clinic.eligiblePatientWithIvSession(START);

        assertThat(alertsAbout(score(s.patient(), s.session(), "moaas", 3, 20))).isEmpty();
        assertThat(alertsAbout(score(s.patient(), s.session(), "moaas", 2, 25)))
                .singleElement()
                .satisfies(alert -> {
                    assertThat(alert.getDetail()).startsWith("MOAAS-SEDATION:");
                    assertThat(alert.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.MODERATE);
                    assertThat(alert.getCode().getCodingFirstRep().getSystem()).isEqualTo(ALERTS);
                    assertThat(alert.getCode().getCodingFirstRep().getCode()).isEqualTo("sedation-deep");
                    assertThat(alert.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
                    assertThat(alert.getPatient().getReference()).isEqualTo(s.patient());
                    assertThat(alert.getImplicated())
                            .extracting(Reference::getReference)
                            .contains(s.session());
                    assertThat(alert.getIdentifiedDateTimeType().getValue().toInstant())
                            .isEqualTo(minutes(25));
                });
        assertThat(alertsAbout(score(s.patient(), s.session(), "moaas", 0, 30)))
                .as("MOAA/S 0 is loss of consciousness, instead of sedation")
                .singleElement()
                .satisfies(alert -> {
                    assertThat(alert.getDetail()).startsWith("MOAAS-LOC:");
                    assertThat(alert.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.HIGH);
                    assertThat(alert.getCode().getCodingFirstRep().getCode()).isEqualTo("loss-of-consciousness");
                    assertThat(alert.getMeta().getSecurity())
                            .as("labelled like every clinical alert")
                            .extracting(c -> c.getCode())
                            .contains("PSY");
                });
        assertThat(alertsAbout(score(s.patient(), s.session(), "cadss", 4, 40))).isEmpty();
        assertThat(alertsAbout(score(s.patient(), s.session(), "cadss", 5, 40)))
                .singleElement()
                .satisfies(alert -> {
                    assertThat(alert.getDetail()).startsWith("CADSS-DISSOCIATION:");
                    assertThat(alert.getCode().getCodingFirstRep().getCode()).isEqualTo("dissociation-high");
                });
    }

    @Test
    void aScoreWrittenAgainKeepsItsOneAlert() {
        ClinicFixtures.SessionOfPatient s = clinic.eligiblePatientWithIvSession(START);
        String id = score(s.patient(), s.session(), "moaas", 1, 20);
        Observation score =
                client().read().resource(Observation.class).withId(id).execute();
        score.setId(score.getIdElement().toUnqualifiedVersionless()); // each write: the current version, no If-Match

        client().update().resource(score).execute(); // the same score again
        assertThat(alertsAbout(id))
                .singleElement()
                .satisfies(alert -> assertThat(alert.getDetail()).startsWith("MOAAS-SEDATION:"));

        score.setValue(new org.hl7.fhir.r4.model.IntegerType(0)); // corrected: no response to pain
        client().update().resource(score).execute();
        assertThat(alertsAbout(id))
                .as("the open alert is brought up to date, not doubled")
                .singleElement()
                .satisfies(alert -> {
                    assertThat(alert.getDetail()).startsWith("MOAAS-LOC:");
                    assertThat(alert.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.HIGH);
                });

        score.setValue(new org.hl7.fhir.r4.model.IntegerType(4));
        client().update().resource(score).execute();
        assertThat(alertsAbout(id))
                .as("a score no longer alerting leaves the raised alert for a clinician to close")
                .singleElement()
                .satisfies(alert -> assertThat(alert.getDetail()).startsWith("MOAAS-LOC:"));
    }

    /**
     * Two sessions of each of ten patients, each with a MOAA/S 0 written twice at the same moment (the same score PUT
     * twice, as a retrying client does): forty writes at once, and exactly one alert per score.
     */
    @Test
    void racingScoreWritesRaiseOneAlertPerScore() throws Exception {
        List<String> scores = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            ClinicFixtures.SessionOfPatient first = clinic.eligiblePatientWithIvSession(START);
            String plan = clinic.plan(first.patient());
            Instant later = START.plus(Duration.ofDays(2));
            String second = clinic.create(clinic.ivSession(
                    first.patient(),
                    plan,
                    clinic.encounter(first.patient(), later.minusSeconds(900), later.plusSeconds(5400)),
                    later,
                    new BigDecimal("0.5")));
            for (String session : List.of(first.session(), second)) {
                Observation score = ClinicFixtures.inSessionScore(first.patient(), session, "moaas", 0, minutes(30));
                String id = "moaas-race-" + UUID.randomUUID().toString().substring(0, 13);
                score.setId(id);
                scores.add("Observation/" + id);
                bodies.add(FHIR.newJsonParser().encodeResourceToString(score));
            }
        }
        String token = token();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2 * bodies.size());
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < bodies.size(); i++) {
                for (int twice = 0; twice < 2; twice++) {
                    String path = "/" + scores.get(i);
                    String body = bodies.get(i);
                    answers.add(threads.submit(() -> put(go, path, token, body)));
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
        for (String score : scores) {
            assertThat(alertsAbout(score))
                    .as(score)
                    .singleElement()
                    .satisfies(alert -> assertThat(alert.getDetail()).startsWith("MOAAS-LOC:"));
        }
    }

    private HttpResponse<String> put(CountDownLatch go, String path, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(fhirBase() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(60))
                .build();
        go.await();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLossOfConsciousnessReachesARestHookSubscriberWithinFiveSeconds() throws Exception {
        ClinicFixtures.SessionOfPatient s = clinic.eligiblePatientWithIvSession(START);
        NotificationReceiver.Inbox inbox = NotificationReceiver.inbox();
        Subscription subscription = new Subscription();
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Loss of consciousness in a session");
        subscription.setCriteria(
                "DetectedIssue?status=preliminary&code=" + ALERTS + "|loss-of-consciousness&patient=" + s.patient());
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint(inbox.endpoint)
                .setPayload("application/fhir+json");
        String id = clinic.create(subscription);
        try {
            awaitActive(id);
            score(s.patient(), s.session(), "moaas", 2, 20); // sedation: not subscribed to
            score(s.patient(), s.session(), "moaas", 0, 30);
            Instant written = Instant.now();

            await(Duration.ofSeconds(10), () -> !inbox.received.isEmpty());
            assertThat(Duration.between(written, inbox.received.get(0).received()))
                    .isLessThanOrEqualTo(Duration.ofSeconds(5));
            Thread.sleep(2000);
            assertThat(inbox.received)
                    .singleElement()
                    .satisfies(n -> assertThat(n.body())
                            .contains("\"resourceType\":\"DetectedIssue\"")
                            .contains("MOAAS-LOC"));
        } finally {
            client().delete().resourceById(new IdType(id)).execute();
        }
    }

    private void awaitActive(String subscription) throws InterruptedException {
        await(
                Duration.ofSeconds(20),
                () -> client().read()
                                .resource(Subscription.class)
                                .withId(subscription)
                                .execute()
                                .getStatus()
                        == Subscription.SubscriptionStatus.ACTIVE);
        Thread.sleep(2500); // every server re-reads Subscriptions every 2 s
    }

    private static void await(Duration limit, java.util.function.BooleanSupplier condition) {
        Instant end = Instant.now().plus(limit);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("not within " + limit);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ---- discharge

    @Test
    void aDischargeIsRefusedWhileTheLatestMoaasIsBelowFive() {
        ClinicFixtures.SessionOfPatient s = clinic.eligiblePatientWithIvSession(START);
        score(s.patient(), s.session(), "moaas", 2, 20);
        score(s.patient(), s.session(), "moaas", 4, 40);

        assertThatThrownBy(() -> clinic.discharge(s.patient(), s.session(), minutes(60), 60))
                .isInstanceOfSatisfying(
                        UnprocessableEntityException.class,
                        refusal -> assertThat(detail(refusal))
                                .startsWith("DISCHARGE-SEDATED: ")
                                .contains("MOAA/S is 4"));
        Observation notReady = ClinicFixtures.dischargeReadiness(s.patient(), s.session(), minutes(60), 60);
        notReady.getValueBooleanType().setValue(false);
        notReady.getComponent().stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals("sedation-resolved"))
                .forEach(c -> c.getValueBooleanType().setValue(false));
        assertThat(clinic.create(notReady))
                .as("recorded as not ready: accepted")
                .startsWith("Observation/");

        // The MOAA/S of 5 and the discharge in one transaction: the rule reads the bundle too.
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Observation entry : List.of(
                ClinicFixtures.inSessionScore(s.patient(), s.session(), "moaas", 5, minutes(55)),
                ClinicFixtures.dischargeReadiness(s.patient(), s.session(), minutes(60), 60))) {
            bundle.addEntry()
                    .setFullUrl("urn:uuid:" + UUID.randomUUID())
                    .setResource(entry)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Observation");
        }
        Bundle answer = client().transaction().withBundle(bundle).execute();
        assertThat(answer.getEntry())
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
    }

    @Test
    void aDischargeWithoutAnyMoaasIsLeftToItsOwnItems() {
        ClinicFixtures.SessionOfPatient s = clinic.eligiblePatientWithIvSession(START);

        assertThat(clinic.discharge(s.patient(), s.session(), minutes(60), 60)).startsWith("Observation/");
    }

    // ---- suicide-risk review before a session

    @Test
    void aSessionIsRefusedUntilTheSuicideRiskAlertIsReviewedThenAccepted() {
        String patient = clinic.patient();
        clinic.decidedScreening(patient, "2026-01-02T11:00:00Z", "eligible");
        String plan = clinic.plan(patient);
        String encounter = clinic.encounter(patient, START.minusSeconds(900), START.plusSeconds(5400));
        // An old alert, out of the 30-day look-back, and the one that counts, two days before the session.
        clinic.create(ClinicFixtures.suicideRiskAlert(patient, "suicide-risk-high", START.minus(Duration.ofDays(31))));
        String alertId = clinic.create(
                ClinicFixtures.suicideRiskAlert(patient, "suicide-risk-phq9-item9", START.minus(Duration.ofDays(2))));
        MedicationAdministration session = clinic.ivSession(patient, plan, encounter, START, new BigDecimal("0.5"));

        assertThatThrownBy(() -> clinic.create(session))
                .isInstanceOfSatisfying(
                        UnprocessableEntityException.class,
                        refusal -> assertThat(detail(refusal))
                                .startsWith("SUICIDE-RISK-REVIEW: ")
                                .contains(alertId)
                                .contains("30 days"));

        // Set to final without saying what was done: refused.
        DetectedIssue alert =
                client().read().resource(DetectedIssue.class).withId(alertId).execute();
        alert.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
        assertThatThrownBy(() -> client().update().resource(alert).execute())
                .isInstanceOfSatisfying(
                        UnprocessableEntityException.class,
                        refusal -> assertThat(detail(refusal)).startsWith("ALERT-REVIEW: "));
        assertThatThrownBy(() -> clinic.create(session)).isInstanceOf(UnprocessableEntityException.class);

        // Reviewed by a clinician, with the safety plan made: the session is given.
        String reviewer = reviewer();
        DetectedIssue review = ClinicFixtures.reviewed(
                client().read().resource(DetectedIssue.class).withId(alertId).execute(), "safety-plan", reviewer);
        client().update().resource(review).execute();
        DetectedIssue stored =
                client().read().resource(DetectedIssue.class).withId(alertId).execute();
        assertThat(stored.getStatus()).isEqualTo(DetectedIssue.DetectedIssueStatus.FINAL);
        assertThat(stored.getMitigationFirstRep().getAuthor().getReference()).isEqualTo(reviewer);

        assertThat(clinic.create(session)).startsWith("MedicationAdministration/");
    }

    @Test
    void aModerateRiskAlertDoesNotHoldTheSessionBackButIsReviewedWithAMitigationToo() {
        String patient = clinic.patient();
        clinic.decidedScreening(patient, "2026-01-02T11:00:00Z", "eligible");
        String moderate = clinic.create(
                ClinicFixtures.suicideRiskAlert(patient, "suicide-risk-moderate", START.minus(Duration.ofDays(1))));
        String plan = clinic.plan(patient);

        assertThat(clinic.create(clinic.ivSession(
                        patient,
                        plan,
                        clinic.encounter(patient, START.minusSeconds(900), START.plusSeconds(5400)),
                        START,
                        new BigDecimal("0.5"))))
                .startsWith("MedicationAdministration/");
        DetectedIssue alert =
                client().read().resource(DetectedIssue.class).withId(moderate).execute();
        alert.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
        assertThatThrownBy(() -> client().update().resource(alert).execute())
                .isInstanceOf(UnprocessableEntityException.class);
        // A vital-sign alert is acknowledged as before: status final, no mitigation needed.
        ClinicFixtures.SessionOfPatient s = clinic.eligiblePatientWithIvSession(START);
        DetectedIssue sedation =
                alertsAbout(score(s.patient(), s.session(), "moaas", 2, 20)).get(0);
        sedation.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
        client().update().resource(sedation).execute();
    }

    private String reviewer() {
        Practitioner practitioner = new Practitioner();
        practitioner.setId("psych-reviewer");
        practitioner.addName().setFamily("Osei").addGiven("Ama");
        client().update().resource(practitioner).execute();
        return "Practitioner/psych-reviewer";
    }

    // ---- the REMS form

    @Test
    void theRemsFormReportsSedationLossOfConsciousnessDissociationAndRespiratoryDepression() {
        String patient = clinic.patient();
        clinic.decidedScreening(patient, "2026-02-02T11:00:00Z", "eligible");
        String plan = clinic.plan(patient);
        Instant first = Instant.parse("2026-02-05T10:00:00Z");
        Instant second = first.plus(Duration.ofDays(3));
        String eventful = clinic.create(clinic.esketamineSession(
                patient, plan, clinic.encounter(patient, first.minusSeconds(600), first.plusSeconds(7800)), first, 56));
        String calm = clinic.create(clinic.esketamineSession(
                patient,
                plan,
                clinic.encounter(patient, second.minusSeconds(600), second.plusSeconds(7800)),
                second,
                56));

        assertThat(rems(eventful).getParameter())
                .as("nothing observed yet: unknown, so missing")
                .filteredOn(p -> p.getName().equals("missing"))
                .extracting(p -> p.getValue().primitiveValue())
                .contains("sedation", "lossOfConsciousness", "dissociation", "respiratoryDepression");

        clinic.create(ClinicFixtures.inSessionScore(patient, eventful, "moaas", 0, first.plusSeconds(1800)));
        clinic.create(ClinicFixtures.inSessionScore(patient, eventful, "cadss", 12, first.plusSeconds(2400)));
        Observation spo2 =
                ClinicFixtures.sessionVital("iv-s1-spo2-30min", patient, eventful, "intra-session", 30, 90, null);
        spo2.setEncounter(null);
        clinic.create(spo2);
        Parameters during = rems(eventful);
        for (String field : List.of("sedation", "lossOfConsciousness", "dissociation", "respiratoryDepression")) {
            assertThat(during.getParameter(field)).as(field).isNotNull();
            assertThat(during.getParameter(field).getValue().primitiveValue())
                    .as(field)
                    .isEqualTo("true");
        }

        // The calm session: a fast respiratory rate (an alert, but not respiratory depression), a MOAA/S of 3.
        Observation fast = ClinicFixtures.sessionVital("iv-s1-rr-40min", patient, calm, "intra-session", 40, 26, null);
        fast.setEncounter(null);
        clinic.create(fast);
        clinic.create(ClinicFixtures.inSessionScore(patient, calm, "moaas", 3, second.plusSeconds(1800)));
        clinic.create(ClinicFixtures.inSessionScore(patient, calm, "moaas", 5, second.plusSeconds(5400)));
        clinic.discharge(patient, calm, second.plusSeconds(7500), 125);
        Parameters after = rems(calm);
        for (String field : List.of("sedation", "lossOfConsciousness", "dissociation", "respiratoryDepression")) {
            assertThat(after.getParameter(field).getValue().primitiveValue())
                    .as(field)
                    .isEqualTo("false");
        }
        Observation slow = ClinicFixtures.sessionVital("iv-s1-rr-40min", patient, calm, "intra-session", 50, 8, null);
        slow.setEncounter(null);
        clinic.create(slow);
        assertThat(rems(calm).getParameter("respiratoryDepression").getValue().primitiveValue())
                .as("a respiratory rate below 10 is")
                .isEqualTo("true");
    }

    private Parameters rems(String session) {
        return client().operation()
                .onInstance(new IdType(session))
                .named("$rems-summary")
                .withNoParameters(Parameters.class)
                .useHttpGet()
                .execute();
    }
}
