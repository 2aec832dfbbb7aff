package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.StandaloneServer;

/**
 * Two server processes on one PostgreSQL database, sharing no memory (docs/operations.md, "Scaling out"): what one
 * writes, the other reads and finds by search at once, for each kind of resource the clinic records, even when the same
 * search was run on the other node just before the write.
 */
class TwoNodesIT extends FhirServerTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SYSTEM = "http://example.org/two-nodes";

    @Test
    void aWriteOnOneNodeIsReadAndFoundOnTheOtherAtOnceForEveryType() throws Exception {
        StandaloneServer other = secondServer();
        String patientId = created(
                fhirBase(),
                "Patient",
                "{\"resourceType\":\"Patient\"," + identifier(UUID.randomUUID().toString()) + "}");
        String subject = "\"subject\":{\"reference\":\"Patient/" + patientId + "\"}";
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("Patient", "{\"resourceType\":\"Patient\",%s}");
        bodies.put(
                "Observation",
                "{\"resourceType\":\"Observation\",%s,\"status\":\"final\",\"code\":{\"text\":\"note\"}," + subject
                        + "}");
        bodies.put(
                "Encounter",
                "{\"resourceType\":\"Encounter\",%s,\"status\":\"finished\",\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
                        + subject + "}");
        bodies.put(
                "CarePlan",
                "{\"resourceType\":\"CarePlan\",%s,\"status\":\"active\",\"intent\":\"plan\"," + subject + "}");
        bodies.put(
                "Condition", "{\"resourceType\":\"Condition\",%s,\"code\":{\"text\":\"depression\"}," + subject + "}");
        bodies.put(
                "Goal",
                "{\"resourceType\":\"Goal\",%s,\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"remission\"},"
                        + subject + "}");
        bodies.put(
                "MedicationAdministration",
                "{\"resourceType\":\"MedicationAdministration\",%s,\"status\":\"completed\",\"medicationCodeableConcept\":{\"text\":\"ondansetron 4 mg\"},"
                        + subject + ",\"effectiveDateTime\":\"2026-11-30T10:00:00Z\"}");
        bodies.put(
                "DetectedIssue",
                "{\"resourceType\":\"DetectedIssue\",%s,\"status\":\"preliminary\",\"patient\":{\"reference\":\"Patient/"
                        + patientId + "\"}}");
        bodies.put("Basic", "{\"resourceType\":\"Basic\",%s,\"code\":{\"text\":\"other\"}}");

        for (Map.Entry<String, String> type : bodies.entrySet()) {
            String value = UUID.randomUUID().toString();
            String search = "/" + type.getKey() + "?identifier=" + SYSTEM + "%7C" + value;
            // the other node runs the search first, so that a reused result would be stale
            assertThat(total(other.fhirBase(), search))
                    .as("before, " + type.getKey())
                    .isZero();

            String id = created(fhirBase(), type.getKey(), type.getValue().formatted(identifier(value)));

            assertThat(get(other.fhirBase(), "/" + type.getKey() + "/" + id).statusCode())
                    .as("read " + type.getKey())
                    .isEqualTo(200);
            assertThat(total(other.fhirBase(), search))
                    .as("search " + type.getKey())
                    .isEqualTo(1);
            // and the other way round: an update on the second node is what the first reads at once
            HttpResponse<String> deleted = onNode(other.fhirBase(), "DELETE", "/" + type.getKey() + "/" + id, null);
            assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
            assertThat(get(fhirBase(), "/" + type.getKey() + "/" + id).statusCode())
                    .as("read deleted " + type.getKey())
                    .isEqualTo(410);
            assertThat(total(fhirBase(), search))
                    .as("search deleted " + type.getKey())
                    .isZero();
        }
    }

    private static String identifier(String value) {
        return "\"identifier\":[{\"system\":\"" + SYSTEM + "\",\"value\":\"" + value + "\"}]";
    }

    private String created(String base, String type, String body) throws Exception {
        HttpResponse<String> answer = onNode(base, "POST", "/" + type, body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return answer.headers()
                .firstValue("Location")
                .orElseThrow()
                .replaceAll(".*/" + type + "/", "")
                .replaceAll("/_history/.*", "");
    }

    private int total(String base, String search) throws Exception {
        HttpResponse<String> answer = get(base, search);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, answer.body());
        return bundle.getEntry().size();
    }

    private HttpResponse<String> get(String base, String path) throws Exception {
        return onNode(base, "GET", path, null);
    }

    private HttpResponse<String> onNode(String base, String method, String path, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Authorization", "Bearer " + token())
                        .header("Content-Type", "application/fhir+json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
