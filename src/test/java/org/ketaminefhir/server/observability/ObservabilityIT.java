package org.ketaminefhir.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What an operations team sees: request ids, Prometheus metrics, health, the OpenAPI description. Over HTTP. */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT extends FhirServerTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theCallersRequestIdIsEchoedLoggedAndInEveryOperationOutcome(CapturedOutput output) throws Exception {
        String id = "ehr-" + UUID.randomUUID();

        HttpResponse<String> notFound = HTTP.send(
                request("/Patient/no-such-" + id.substring(4, 12))
                        .header("X-Request-ID", id)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> refusedByLimits = HTTP.send(
                request("/Patient")
                        .header("X-Request-ID", id + "-b")
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"resourceType\":\"Patient\",\"resourceType\":\"Patient\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> noToken = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient"))
                        .header("X-Request-ID", id + "-c")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("X-Request-ID")).hasValue(id);
        assertThat(diagnostics(notFound)).endsWith("[request id: " + id + "]");
        assertThat(refusedByLimits.statusCode()).isEqualTo(400);
        assertThat(diagnostics(refusedByLimits)).endsWith("[request id: " + id + "-b]");
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(diagnostics(noToken)).endsWith("[request id: " + id + "-c]");
        assertThat(output.getAll()).contains("[" + id + "-b]").contains("Refused POST /fhir/Patient");
    }

    @Test
    void aRequestWithoutAUsableIdGetsANewOne() throws Exception {
        HttpResponse<String> none = HTTP.send(request("/metadata").GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unsafe = HTTP.send(
                request("/metadata")
                        .header("X-Request-ID", "a b\u00e9" + "x".repeat(200))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(none.headers().firstValue("X-Request-ID"))
                .hasValueSatisfying(v -> assertThat(UUID.fromString(v)).isNotNull());
        assertThat(unsafe.headers().firstValue("X-Request-ID"))
                .hasValueSatisfying(v -> assertThat(UUID.fromString(v)).isNotNull());
    }

    @Test
    void prometheusHasRequestsByInteractionValidationRuleRefusalsPoolAndJvm() throws Exception {
        String patient = send(
                        "POST",
                        "/Patient",
                        token(),
                        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Metrics\"}]}")
                .headers()
                .firstValue("Location")
                .orElseThrow()
                .replaceAll(".*/fhir/", "")
                .replaceAll("/_history/.*", "");
        send("GET", "/" + patient, token(), null);
        HttpResponse<String> refused =
                send("POST", "/" + patient + "/$ketamine-eligibility", token(), "{\"resourceType\":\"Parameters\"}");
        assertThat(refused.statusCode()).isEqualTo(422);

        HttpResponse<String> metrics = HTTP.send(
                HttpRequest.newBuilder(URI.create(origin() + "/actuator/prometheus"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .containsPattern(
                        "fhir_server_requests_seconds_bucket\\{interaction=\"read\",resource_type=\"Patient\",status=\"200\",le=\"[^\"]+\"}")
                .containsPattern(
                        "fhir_server_requests_seconds_count\\{interaction=\"create\",resource_type=\"Patient\",status=\"201\"}")
                .containsPattern(
                        "fhir_server_requests_seconds_count\\{interaction=\"extended-operation-instance\",resource_type=\"Patient\",status=\"422\"}")
                .containsPattern("ketamine_rule_refusals_total\\{rule=\"ELIG-NO-SCREENING\"} [1-9]")
                .contains("ketamine_validation_seconds_bucket")
                .contains("hikaricp_connections_active")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void healthShowsTheDatabaseAndTheImplementationGuide() throws Exception {
        JsonNode health = new ObjectMapper()
                .readTree(HTTP.send(
                                HttpRequest.newBuilder(URI.create(origin() + "/actuator/health"))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());

        assertThat(health.path("components").path("db").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components")
                        .path("db")
                        .path("details")
                        .path("database")
                        .asText())
                .isEqualTo("PostgreSQL");
        JsonNode guide = health.path("components").path("implementationGuide");
        assertThat(guide.path("status").asText()).isEqualTo("UP");
        assertThat(guide.path("details").path("version").asText()).isNotBlank();
        assertThat(guide.path("details").path("package").asText()).isNotBlank();
    }

    @Test
    void theOpenApiDescriptionAndItsPageArePublic() throws Exception {
        HttpResponse<String> description = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/api-docs"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/swagger-ui/"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(description.statusCode()).isEqualTo(200);
        assertThat(description.body())
                .startsWith("openapi: 3.")
                .contains("  /Patient/{id}:")
                .contains("$ketamine-eligibility");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger");
    }

    private static String diagnostics(HttpResponse<String> answer) {
        return FHIR.newJsonParser()
                .parseResource(OperationOutcome.class, answer.body())
                .getIssueFirstRep()
                .getDiagnostics();
    }
}
