package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;

/**
 * A patient's own token ({@code patient/*.cruds}) may write much of the patient's record, but not the clinic's own
 * records about it: safety alerts, Tasks, and the Observations derived from a questionnaire response (403, saying why).
 * A clinician's ({@code user/}) and a backend's ({@code system/}) tokens keep their rights.
 */
class ClinicRecordsAccessIT extends FhirServerTestBase {

    private static final String OWN = "Patient/" + TestClinic.PATIENT_USER_PATIENT;

    private String patientToken;
    private String clinicianToken;

    @BeforeEach
    void tokens() {
        new ClinicFixtures(client()).patientUsersPatient();
        patientToken =
                login(TestClinic.PATIENT_USER, "launch/patient openid fhirUser patient/*.cruds sensitive/psy.read");
        clinicianToken = login(TestClinic.CLINICIAN, "openid fhirUser user/*.cruds sensitive/psy.read");
    }

    private String login(String user, String scope) {
        return AuthorizationCodeFlow.login(origin(), user, scope, Map.of())
                .json()
                .get("access_token")
                .asText();
    }

    private HttpResponse<String> post(Resource resource, String token) throws Exception {
        return send(
                "POST", "/" + resource.fhirType(), token, FHIR.newJsonParser().encodeResourceToString(resource));
    }

    private static void assertRefusedSaying(HttpResponse<String> answer, String what) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
        assertThat(outcome.getIssueFirstRep().getDiagnostics())
                .contains(what)
                .contains("patient/ scopes")
                .contains("user/ scopes");
    }

    private static DetectedIssue alert() {
        return ClinicFixtures.suicideRiskAlert(OWN, "suicide-risk-high", Instant.parse("2026-01-05T09:00:00Z"));
    }

    private static Task task() {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.COMPLETED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(
                new Coding("http://hl7.org/fhir/uv/sdc/CodeSystem/temp", "complete-questionnaire", null)));
        task.setFor(new Reference(OWN));
        return task;
    }

    private String response() {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference(OWN));
        return new ClinicFixtures(client()).create(response);
    }

    /** A heart rate of the patient's (vital-signs category), optionally derived from a response. */
    private static Observation observation(String derivedFrom) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", null)));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
        observation.setSubject(new Reference(OWN));
        observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-01-05T09:00:00Z"));
        observation.setValue(new org.hl7.fhir.r4.model.Quantity()
                .setValue(70)
                .setUnit("/min")
                .setSystem("http://unitsofmeasure.org")
                .setCode("/min"));
        if (derivedFrom != null) {
            observation.addDerivedFrom(new Reference(derivedFrom));
        }
        return observation;
    }

    @Test
    void aPatientsTokenWritesNoAlertTaskOrDerivedFinding() throws Exception {
        assertRefusedSaying(post(alert(), patientToken), "Safety alerts (DetectedIssue)");
        assertRefusedSaying(post(task(), patientToken), "Tasks");
        String response = response();
        assertRefusedSaying(post(observation(response), patientToken), "derived from a questionnaire response");
        Observation finding = observation(null);
        finding.getMeta().addProfile(ClinicFixtures.IG + "StructureDefinition/ketamine-questionnaire-finding");
        assertRefusedSaying(post(finding, patientToken), "derived from a questionnaire response");

        // Inside a transaction too.
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry()
                .setResource(alert())
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("DetectedIssue");
        HttpResponse<String> transaction =
                send("POST", "", patientToken, FHIR.newJsonParser().encodeResourceToString(bundle));
        assertRefusedSaying(transaction, "Safety alerts (DetectedIssue)");

        // The patient's own observation, not derived from a response: still theirs to write.
        assertThat(post(observation(null), patientToken).statusCode()).isEqualTo(201);
    }

    @Test
    void aPatientsTokenNeitherClosesNorDeletesTheirAlert() throws Exception {
        String alertId = new ClinicFixtures(client()).create(alert());
        DetectedIssue closed =
                client().read().resource(DetectedIssue.class).withId(alertId).execute();
        closed.setStatus(DetectedIssue.DetectedIssueStatus.CANCELLED);

        assertRefusedSaying(
                send("PUT", "/" + alertId, patientToken, FHIR.newJsonParser().encodeResourceToString(closed)),
                "Safety alerts (DetectedIssue)");
        assertRefusedSaying(send("DELETE", "/" + alertId, patientToken, null), "Safety alerts (DetectedIssue)");
        assertThat(client().read()
                        .resource(DetectedIssue.class)
                        .withId(alertId)
                        .execute()
                        .getStatus())
                .isEqualTo(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
    }

    @Test
    void cliniciansAndBackendsKeepTheirRights() throws Exception {
        assertThat(post(alert(), clinicianToken).statusCode()).isEqualTo(201);
        assertThat(post(task(), clinicianToken).statusCode()).isEqualTo(201);
        assertThat(post(observation(response()), clinicianToken).statusCode()).isEqualTo(201);
        assertThat(post(alert(), token()).statusCode()).isEqualTo(201);
        assertThat(post(task(), token()).statusCode()).isEqualTo(201);
        assertThat(post(observation(response()), token()).statusCode()).isEqualTo(201);
    }
}
