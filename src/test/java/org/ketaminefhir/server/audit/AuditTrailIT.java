package org.ketaminefhir.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.Tokens;

/**
 * The audit trail: every request to /fhir leaves an AuditEvent shaped per IHE BALP (who, what, outcome), stored before
 * the answer is released; the trail is searchable by patient, agent, date, outcome and interaction; readable only by
 * auditors and backend services with the AuditEvent scope; and nobody can change or delete it through the API.
 */
class AuditTrailIT extends FhirServerTestBase {

    private static final HttpClient http = HttpClient.newHttpClient();

    private String clinicianToken;
    private String patientId;
    private String family;

    @BeforeEach
    void aPatientAndAClinician() {
        family = "Audited" + UUID.randomUUID().toString().substring(0, 8);
        Patient patient = new Patient();
        patient.addName().setFamily(family);
        patientId = client().create().resource(patient).execute().getId().getIdPart();
        clinicianToken = AuthorizationCodeFlow.login(
                        origin(), TestClinic.CLINICIAN, "openid fhirUser user/*.cruds sensitive/psy.read", Map.of())
                .json()
                .get("access_token")
                .asText();
    }

    @Test
    void aReadIsAuditedWithTheUserTheAppThePatientAndTheOutcome() throws Exception {
        String requestId = "read-" + UUID.randomUUID();
        HttpResponse<String> read = send("/Patient/" + patientId, clinicianToken, requestId);
        assertThat(read.statusCode()).isEqualTo(200);

        AuditEvent event = auditedRequest(requestId);
        assertThat(event.getType().getSystem()).isEqualTo("http://terminology.hl7.org/CodeSystem/audit-event-type");
        assertThat(event.getType().getCode()).isEqualTo("rest");
        assertThat(event.getSubtypeFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/restful-interaction");
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo("read");
        assertThat(event.getAction()).isEqualTo(AuditEvent.AuditEventAction.R);
        assertThat(event.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._0);
        assertThat(event.getRecorded()).isCloseTo(java.util.Date.from(Instant.now()), 60_000);

        AuditEventAgentComponent user =
                agent(event, "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP");
        assertThat(user.getWho().getReference()).isEqualTo("Practitioner/test-clinician");
        assertThat(user.getWho().getIdentifier().getSystem()).isEqualTo(origin());
        assertThat(user.getWho().getIdentifier().getValue()).isEqualTo(TestClinic.CLINICIAN);
        assertThat(user.getRequestor()).isTrue();
        assertThat(user.getPolicy())
                .singleElement()
                .satisfies(p -> assertThat(p.getValue()).startsWith("urn:ietf:params:oauth:jti:"));
        AuditEventAgentComponent app = agent(event, "http://dicom.nema.org/resources/ontology/DCM", "110150");
        assertThat(app.getWho().getIdentifier().getValue()).isEqualTo(TestClinic.APP);
        assertThat(app.getNetwork().getAddress()).isNotBlank();
        assertThat(agent(event, "http://dicom.nema.org/resources/ontology/DCM", "110153")
                        .getWho()
                        .getIdentifier()
                        .getValue())
                .as("the server, source of the data read")
                .isEqualTo(fhirBase());

        assertThat(entity(event, "1").getWhat().getReference()).isEqualTo("Patient/" + patientId);
        assertThat(entity(event, "4").getWhat().getReference()).startsWith("Patient/" + patientId);
        assertThat(event.getSource().getObserver().getDisplay()).isEqualTo("Ketamine Therapy FHIR Server");
    }

    @Test
    void theTrailHoldsNoCopyOfWhatWasRead() throws Exception {
        String requestId = "phi-" + UUID.randomUUID();
        send("/Patient?family=" + family, clinicianToken, requestId);
        send("/Patient/" + patientId, clinicianToken, requestId + "-2");

        assertThat(rawAuditJson(requestId + "-2")).doesNotContain(family);
        AuditEvent search = auditedRequest(requestId);
        AuditEventEntityComponent query = entity(search, "24");
        assertThat(new String(query.getQuery(), StandardCharsets.UTF_8)).isEqualTo("family=" + family);
        assertThat(entity(search, "1").getWhat().getReference()).isEqualTo("Patient/" + patientId);
    }

    @Test
    void refusedRequestsAreAuditedToo() throws Exception {
        String noToken = "anon-" + UUID.randomUUID();
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/" + patientId))
                        .header("X-Request-Id", noToken)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String forbidden = "forbidden-" + UUID.randomUUID();
        String patientToken = AuthorizationCodeFlow.login(
                        origin(), TestClinic.PATIENT_USER, "launch/patient patient/*.rs", Map.of())
                .json()
                .get("access_token")
                .asText();
        HttpResponse<String> refused = send("/Patient/" + patientId, patientToken, forbidden);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        AuditEvent unauthenticated = auditedRequest(noToken);
        assertThat(unauthenticated.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        assertThat(unauthenticated.getOutcomeDesc()).startsWith("HTTP 401");
        assertThat(entity(unauthenticated, "1").getWhat().getReference()).isEqualTo("Patient/" + patientId);

        assertThat(refused.statusCode()).isEqualTo(403);
        AuditEvent denied = auditedRequest(forbidden);
        assertThat(denied.getOutcome()).isEqualTo(AuditEvent.AuditEventOutcome._4);
        assertThat(denied.getOutcomeDesc()).contains("403").contains("Access denied");
        assertThat(agent(denied, "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP")
                        .getWho()
                        .getReference())
                .isEqualTo("Patient/" + TestClinic.PATIENT_USER_PATIENT);
        assertThat(entity(denied, "1").getWhat().getReference())
                .as("names the other patient")
                .isEqualTo("Patient/" + patientId);
    }

    @Test
    void theTrailIsSearchableByPatientAgentAppDateOutcomeAndInteraction() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        send("/Patient/" + patientId, clinicianToken, "s-1");
        send("/Patient/" + patientId + "/_history", clinicianToken, "s-2");
        send("/Observation?patient=" + patientId, clinicianToken, "s-3");
        Instant after = Instant.now().plusMillis(1);
        String auditor = auditorToken();
        // Searching the trail is audited too (and names the patient searched for): bound the searches in time.
        String window = "&date=ge" + before + "&date=le" + after;

        Bundle byPatient = search(auditor, "patient=Patient/" + patientId + window + "&_count=50");
        assertThat(byPatient.getTotal()).isGreaterThanOrEqualTo(3);
        assertThat(byPatient.getEntry())
                .allSatisfy(e -> assertThat(((AuditEvent) e.getResource()).getEntity())
                        .anySatisfy(
                                en -> assertThat(en.getWhat().getReference()).startsWith("Patient/" + patientId)));
        Bundle bareId = search(auditor, "patient=" + patientId + window);
        assertThat(bareId.getTotal()).isEqualTo(byPatient.getTotal());

        Bundle byAgent = search(auditor, "agent=Practitioner/test-clinician&subtype=read" + window);
        assertThat(byAgent.getEntry())
                .isNotEmpty()
                .allSatisfy(e -> assertThat(((AuditEvent) e.getResource())
                                .getSubtypeFirstRep()
                                .getCode())
                        .isEqualTo("read"));
        Bundle byApp = search(auditor, "altid=" + TestClinic.APP + window);
        assertThat(byApp.getTotal()).isGreaterThanOrEqualTo(3);
        Bundle failures = search(auditor, "outcome=4&date=ge" + Instant.now().plusSeconds(3600));
        assertThat(failures.getTotal()).isZero();

        Bundle oldestFirst = search(auditor, "patient=Patient/" + patientId + "&_sort=date&_count=1");
        Bundle newestFirst = search(auditor, "patient=Patient/" + patientId + "&_sort=-date&_count=1");
        assertThat(((AuditEvent) oldestFirst.getEntryFirstRep().getResource()).getRecorded())
                .isBeforeOrEqualTo(((AuditEvent) newestFirst.getEntryFirstRep().getResource()).getRecorded());
        assertThat(oldestFirst.getLink("next").getUrl()).contains("_offset=1");
        Bundle secondPage = search(auditor, "patient=Patient/" + patientId + "&_sort=date&_count=1&_offset=1");
        assertThat(secondPage.getEntryFirstRep().getResource().getIdElement().getIdPart())
                .isNotEqualTo(oldestFirst
                        .getEntryFirstRep()
                        .getResource()
                        .getIdElement()
                        .getIdPart());

        String id = byPatient.getEntryFirstRep().getResource().getIdElement().getIdPart();
        HttpResponse<String> read = send("/AuditEvent/" + id, auditor, "s-read");
        assertThat(read.statusCode()).isEqualTo(200);
        HttpResponse<String> unknownParameter = send("/AuditEvent?name=x", auditor, "s-bad");
        assertThat(unknownParameter.statusCode()).isEqualTo(400);
    }

    @Test
    void onlyAuditorsAndBackendServicesWithTheScopeReadTheTrail() throws Exception {
        String patientToken = AuthorizationCodeFlow.login(
                        origin(), TestClinic.PATIENT_USER, "launch/patient patient/*.rs", Map.of())
                .json()
                .get("access_token")
                .asText();
        String backendWithoutAuditScope =
                Tokens.backend(origin(), TestClinic.BACKEND_ES, TestClinic.BACKEND_ES_KEY, "system/*.cruds");

        assertThat(send("/AuditEvent", auditorToken(), "r-1").statusCode())
                .as("auditor with user/AuditEvent.rs")
                .isEqualTo(200);
        assertThat(send("/AuditEvent", token(), "r-2").statusCode())
                .as("system/AuditEvent.rs")
                .isEqualTo(200);
        assertThat(send("/AuditEvent", clinicianToken, "r-3").statusCode())
                .as("clinician with user/*.cruds")
                .isEqualTo(403);
        assertThat(send("/AuditEvent", patientToken, "r-4").statusCode())
                .as("patient scopes")
                .isEqualTo(403);
        assertThat(send("/AuditEvent?patient=" + TestClinic.PATIENT_USER_PATIENT, patientToken, "r-5")
                        .statusCode())
                .isEqualTo(403);
        assertThat(send("/AuditEvent", backendWithoutAuditScope, "r-6").statusCode())
                .isEqualTo(200)
                .as("system/*.cruds covers AuditEvent: a backend service is not a user");
    }

    @Test
    void nobodyChangesOrDeletesTheTrailThroughTheApi() throws Exception {
        String id = search(token(), "_count=1")
                .getEntryFirstRep()
                .getResource()
                .getIdElement()
                .getIdPart();
        String body = FHIR.newJsonParser().encodeResourceToString(new AuditEvent().setId(id));
        String[][] attempts = {
            {"POST", "/AuditEvent", body},
            {"PUT", "/AuditEvent/" + id, body},
            {"DELETE", "/AuditEvent/" + id, null},
            {"PATCH", "/AuditEvent/" + id, "[{\"op\":\"remove\",\"path\":\"/agent\"}]"},
            {
                "POST",
                "",
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + body
                        + ",\"request\":{\"method\":\"POST\",\"url\":\"AuditEvent\"}}]}"
            },
            {
                "POST",
                "",
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"request\":{\"method\":\"DELETE\",\"url\":\"AuditEvent/"
                        + id + "\"}}]}"
            },
        };
        for (String[] attempt : attempts) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fhirBase() + attempt[1]))
                    .header("Authorization", "Bearer " + token())
                    .header(
                            "Content-Type",
                            attempt[0].equals("PATCH") ? "application/json-patch+json" : "application/fhir+json");
            request.method(
                    attempt[0],
                    attempt[2] == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(attempt[2]));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as(attempt[0] + " " + attempt[1] + ": " + response.body())
                    .isIn(403, 405);
        }
        assertThat(send("/AuditEvent/" + id, token(), "still-there").statusCode())
                .isEqualTo(200);
    }

    @Test
    void anAnswerWhoseAuditCannotBeStoredIsWithheld() throws Exception {
        String token = token();
        try (Connection connection = TestDatabases.shared().connect();
                Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE ket_audit_event RENAME TO ket_audit_event_unavailable");
            try {
                HttpResponse<String> response = send("/Patient/" + patientId, token, "withheld-" + UUID.randomUUID());
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.body()).doesNotContain(family);
                OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
                assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("audit");
            } finally {
                sql.execute("ALTER TABLE ket_audit_event_unavailable RENAME TO ket_audit_event");
            }
        }
        assertThat(send("/Patient/" + patientId, token, "back-" + UUID.randomUUID())
                        .statusCode())
                .isEqualTo(200);
    }

    private String auditorToken() {
        return AuthorizationCodeFlow.login(origin(), TestClinic.AUDITOR, "openid fhirUser user/AuditEvent.rs", Map.of())
                .json()
                .get("access_token")
                .asText();
    }

    private HttpResponse<String> send(String path, String token, String requestId) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + path))
                        .header("Authorization", "Bearer " + token)
                        .header("X-Request-Id", requestId)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private Bundle search(String token, String query) throws Exception {
        HttpResponse<String> response = send("/AuditEvent?" + query, token, "search-" + UUID.randomUUID());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    /** The AuditEvent of the request with this X-Request-Id (BALP's XrequestId entity). */
    private AuditEvent auditedRequest(String requestId) throws Exception {
        return FHIR.newJsonParser().parseResource(AuditEvent.class, rawAuditJson(requestId));
    }

    private static String rawAuditJson(String requestId) throws Exception {
        try (Connection connection = TestDatabases.shared().connect();
                var query = connection.prepareStatement("SELECT resource FROM ket_audit_event WHERE resource LIKE ?")) {
            query.setString(1, "%\"" + requestId + "\"%");
            try (var rs = query.executeQuery()) {
                assertThat(rs.next())
                        .as("an AuditEvent for request " + requestId)
                        .isTrue();
                return rs.getString(1);
            }
        }
    }

    private static AuditEventAgentComponent agent(AuditEvent event, String system, String code) {
        return event.getAgent().stream()
                .filter(a -> a.getType().getCoding().stream()
                        .anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode())))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no agent " + code + " in " + FHIR.newJsonParser().encodeResourceToString(event)));
    }

    private static AuditEventEntityComponent entity(AuditEvent event, String role) {
        return event.getEntity().stream()
                .filter(e -> role.equals(e.getRole().getCode()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no entity with role " + role + " in "
                        + FHIR.newJsonParser().encodeResourceToString(event)));
    }
}
