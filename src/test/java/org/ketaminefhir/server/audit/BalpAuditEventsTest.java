package org.ketaminefhir.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.scopes.SmartScopes;

/** The BALP shape of an AuditEvent, from what the filter saw of a request (no server). */
class BalpAuditEventsTest {

    private static final String BASE = "https://fhir.clinic.example/fhir";
    private static final Caller CLINICIAN = new Caller(
            "https://fhir.clinic.example",
            "dr.osei",
            "dashboard",
            "dr.osei",
            BASE + "/Practitioner/osei",
            null,
            SmartScopes.parse(List.of("user/*.rs")),
            true,
            false,
            "jti-1",
            List.of("clinician"));

    @ParameterizedTest(name = "{0} {1} -> {2} {3} {4}")
    @CsvSource({
        "GET,    /Patient/1,          200, read,         R, 0",
        "GET,    /Observation,        200, search-type,  E, 0",
        "POST,   /Observation,        201, create,       C, 0",
        "PUT,    /Observation/1,      200, update,       U, 0",
        "DELETE, /Observation/1,      204, delete,       D, 0",
        "GET,    /Patient/1,          403, read,         R, 4",
        "GET,    /Patient/1,          401, read,         R, 4",
        "POST,   '',                  500, transaction,  E, 8",
        "GET,    /Patient/1/$everything, 200, operation, E, 0",
    })
    void interactionActionAndOutcome(
            String method, String path, int status, String subtype, String action, String outcome) {
        AuditEvent event = BalpAuditEvents.of(access(method, path, null, status, CLINICIAN, new AccessRecord()));

        assertThat(event.getType().getCode()).isEqualTo("rest");
        assertThat(event.getSubtypeFirstRep().getCode()).isEqualTo(subtype);
        assertThat(event.getAction()).isEqualTo(AuditEventAction.valueOf(action));
        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome.fromCode(outcome));
        assertThat(event.hasOutcomeDesc()).isEqualTo(status >= 400);
    }

    @Test
    void theUserTheAppAndTheServerAreAgents() {
        AuditEvent event = BalpAuditEvents.of(access("GET", "/Patient/1", null, 200, CLINICIAN, new AccessRecord()));

        assertThat(event.getAgent()).hasSize(4);
        AuditEvent.AuditEventAgentComponent user = event.getAgentFirstRep();
        assertThat(user.getType().getCodingFirstRep().getCode()).isEqualTo("IRCP");
        assertThat(user.getWho().getReference()).as("relative to this server").isEqualTo("Practitioner/osei");
        assertThat(user.getWho().getIdentifier().getSystem()).isEqualTo("https://fhir.clinic.example");
        assertThat(user.getWho().getIdentifier().getValue()).isEqualTo("dr.osei");
        assertThat(user.getPolicy().get(0).getValue()).isEqualTo("urn:ietf:params:oauth:jti:jti-1");
        assertThat(user.getRoleFirstRep().getText()).isEqualTo("clinician");
        assertThat(event.getAgent().get(1).getType().getCodingFirstRep().getCode())
                .isEqualTo("110150");
        assertThat(event.getAgent().get(1).getWho().getIdentifier().getValue()).isEqualTo("dashboard");
        assertThat(event.getAgent().get(1).getNetwork().getAddress()).isEqualTo("10.0.0.7");
        assertThat(event.getAgent().get(2).getType().getCodingFirstRep().getCode())
                .as("client: destination of a read")
                .isEqualTo("110152");
        assertThat(event.getAgent().get(3).getType().getCodingFirstRep().getCode())
                .as("server: source of a read")
                .isEqualTo("110153");
    }

    @Test
    void aBackendServiceHasNoUserAgentAndAnAnonymousRequestNoCaller() {
        Caller backend = new Caller(
                "https://fhir.clinic.example",
                "registry",
                "registry",
                "registry",
                null,
                null,
                SmartScopes.none(),
                false,
                false,
                "j",
                List.of());
        AuditEvent service = BalpAuditEvents.of(access("GET", "/Patient", null, 200, backend, new AccessRecord()));
        AuditEvent anonymous = BalpAuditEvents.of(access("GET", "/Patient/9", null, 401, null, new AccessRecord()));

        assertThat(service.getAgent())
                .extracting(a -> a.getType().getCodingFirstRep().getCode())
                .doesNotContain("IRCP");
        assertThat(service.getAgentFirstRep().getRequestor()).isTrue();
        assertThat(anonymous.getAgentFirstRep().getWho().getIdentifier().getValue())
                .isEqualTo("unknown");
        assertThat(anonymous.getEntity())
                .extracting(e -> e.getWhat().getReference())
                .contains("Patient/9");
    }

    @Test
    void patientsResourcesAndTheQueryAreEntities() {
        AccessRecord record = new AccessRecord();
        record.interaction("search-type", "Observation", null);
        record.resource("Observation/5/_history/2");
        record.patient("Patient/1");
        AuditEvent event =
                BalpAuditEvents.of(access("GET", "/Observation", "code=8867-4&patient=2", 200, CLINICIAN, record));

        assertThat(event.getEntity())
                .extracting(e -> e.getRole().getCode(), e -> e.getWhat().getReference())
                .contains(
                        org.assertj.core.groups.Tuple.tuple("1", "Patient/1"),
                        org.assertj.core.groups.Tuple.tuple("1", "Patient/2"),
                        org.assertj.core.groups.Tuple.tuple("4", "Observation/5/_history/2"));
        AuditEvent.AuditEventEntityComponent query = event.getEntity().stream()
                .filter(e -> "24".equals(e.getRole().getCode()))
                .findFirst()
                .orElseThrow();
        assertThat(new String(query.getQuery(), StandardCharsets.UTF_8)).isEqualTo("code=8867-4&patient=2");
        assertThat(event.getEntity()).extracting(e -> e.getType().getCode()).contains("XrequestId");
    }

    @Test
    void aPartlyRefusedBatchIsAMinorFailure() {
        AccessRecord record = new AccessRecord();
        record.interaction("batch", null, null);
        record.partlyRefused("entry 1: Access denied");
        AuditEvent event = BalpAuditEvents.of(access("POST", "", null, 200, CLINICIAN, record));

        assertThat(event.getOutcome()).isEqualTo(AuditEventOutcome._4);
        assertThat(event.getOutcomeDesc()).contains("entry 1: Access denied");
    }

    private static BalpAuditEvents.Access access(
            String method, String path, String query, int status, Caller caller, AccessRecord record) {
        return new BalpAuditEvents.Access(
                Instant.parse("2026-11-30T10:00:00Z"),
                method,
                "/fhir" + path,
                query,
                status,
                "10.0.0.7",
                BASE,
                "Ketamine Therapy FHIR Server",
                caller,
                status >= 400 ? "refused" : null,
                "req-1",
                record,
                RequestTarget.of(method, path, query == null ? Map.of() : parse(query)));
    }

    private static Map<String, String[]> parse(String query) {
        java.util.Map<String, String[]> values = new java.util.LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], new String[] {kv[1]});
        }
        return values;
    }
}
