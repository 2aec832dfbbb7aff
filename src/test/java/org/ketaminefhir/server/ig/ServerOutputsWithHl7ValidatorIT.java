package org.ketaminefhir.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.Hl7Validator;
import org.ketaminefhir.server.support.IgExamples;

/**
 * What the server sends, checked by the HL7 validator ({@link Hl7Validator}: the core specification and this IG, offline)
 * as an integrator's validator would check it: the CapabilityStatement, a patient's {@code $everything} bundle, a
 * {@code $ketamine-progress} answer and every NDJSON line of a Bulk Data export of the IG's example journey. An error is a
 * failure (all of them are listed); warnings and information are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerOutputsWithHl7ValidatorIT extends FhirServerTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Lines validated of each resource type and profile in the export. */
    private static final int PER_KIND = 5;

    private static final List<String> JOURNEY_PATIENTS = List.of("patient-iv", "patient-esk", "patient-not-eligible");

    @BeforeAll
    void theJourneyOnTheServerAndTheValidatorLoaded() {
        client().transaction().withBundle(IgExamples.journeyTransaction(FHIR)).execute();
        Hl7Validator.engine();
    }

    private HttpResponse<String> get(String url, String accept) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : fhirBase() + url))
                        .header("Authorization", "Bearer " + token())
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Validates the server's answer, reading the resources it refers to from the server; returns its errors, printing
     * the warnings. Not counted as errors: what the validator cannot decide offline, without a terminology server (the
     * MIME type codes of BCP 13 in the CapabilityStatement's formats).
     */
    private List<String> errors(String what, String json) {
        List<Hl7Validator.Issue> issues = Hl7Validator.validate(json, List.of(), this::fromTheServer);
        issues.stream()
                .filter(i -> i.severity() == org.hl7.fhir.r5.model.OperationOutcome.IssueSeverity.WARNING)
                .forEach(i -> System.out.println(what + ": " + i));
        List<Hl7Validator.Issue> undecidable = issues.stream()
                .filter(Hl7Validator.Issue::isError)
                .filter(i -> i.message().contains("[No server available]")
                        || (i.message().contains("could not be determined")
                                && i.message().contains("mimetypes")))
                .toList();
        undecidable.forEach(i -> System.out.println(what + ": not decidable offline: " + i));
        return issues.stream()
                .filter(Hl7Validator.Issue::isError)
                .filter(i -> !undecidable.contains(i))
                .map(i -> what + ": " + i)
                .toList();
    }

    /** A resource the validated answer refers to ("Observation/12"), read from the server; null if it has none. */
    private String fromTheServer(String reference) {
        String relative = reference.startsWith(fhirBase() + "/")
                ? reference.substring(fhirBase().length() + 1)
                : reference;
        if (!relative.matches("[A-Z][A-Za-z]+/[A-Za-z0-9.-]+")) {
            return null;
        }
        try {
            HttpResponse<String> read = get("/" + relative, "application/fhir+json");
            return read.statusCode() == 200 ? read.body() : null;
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void theCapabilityStatementHasNoError() throws Exception {
        HttpResponse<String> metadata = get("/metadata", "application/fhir+json");
        assertThat(metadata.statusCode()).isEqualTo(200);

        assertThat(errors("CapabilityStatement", metadata.body())).isEmpty();
    }

    @Test
    void everyPageOfAPatientsEverythingHasNoError() throws Exception {
        List<String> errors = new ArrayList<>();
        String url = "/Patient/patient-iv/$everything";
        int pages = 0;
        int resources = 0;
        while (url != null) {
            HttpResponse<String> page = get(url, "application/fhir+json");
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            errors.addAll(errors("$everything page " + ++pages, page.body()));
            JsonNode bundle = JSON.readTree(page.body());
            resources += bundle.path("entry").size();
            url = null;
            for (JsonNode link : bundle.path("link")) {
                if (link.path("relation").asText().equals("next")) {
                    url = link.path("url").asText();
                }
            }
        }

        assertThat(resources).as("the journey's patient has a record").isGreaterThan(20);
        assertThat(errors).isEmpty();
    }

    @Test
    void aProgressAnswerHasNoError() throws Exception {
        HttpResponse<String> progress = get("/Patient/patient-iv/$ketamine-progress", "application/fhir+json");
        assertThat(progress.statusCode()).as(progress.body()).isEqualTo(200);
        assertThat(progress.body()).contains("\"resourceType\":\"Parameters\"");

        assertThat(errors("$ketamine-progress", progress.body())).isEmpty();
    }

    @Test
    void everyLineOfAnExportOfTheJourneyHasNoError() throws Exception {
        Group group = new Group();
        group.setType(Group.GroupType.PERSON).setActual(true).setName("The IG's example journey");
        JOURNEY_PATIENTS.forEach(p -> group.addMember().setEntity(new Reference("Patient/" + p)));
        String groupId = client().create()
                .resource(group)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getIdPart();

        HttpResponse<String> kickOff = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/Group/" + groupId + "/$export?_outputFormat="
                                + URLEncoder.encode("application/fhir+ndjson", StandardCharsets.UTF_8)))
                        .header("Authorization", "Bearer " + token())
                        .header("Accept", "application/fhir+json")
                        .header("Prefer", "respond-async")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(kickOff.statusCode()).as(kickOff.body()).isEqualTo(202);
        String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
        JsonNode manifest = null;
        Instant deadline = Instant.now().plusSeconds(120);
        while (manifest == null) {
            HttpResponse<String> poll = get(status, "application/json");
            if (poll.statusCode() == 200) {
                manifest = JSON.readTree(poll.body());
            } else {
                assertThat(poll.statusCode()).as(poll.body()).isEqualTo(202);
                assertThat(Instant.now())
                        .as("the export finishes within 2 minutes")
                        .isBefore(deadline);
                Thread.sleep(250);
            }
        }

        List<String> errors = new ArrayList<>();
        // Every line is parsed; up to PER_KIND lines of each resource type and profile are validated (the validator
        // takes about a second a resource on 2 cores).
        int lines = 0;
        java.util.Map<String, Integer> validatedPerKind = new java.util.TreeMap<>();
        for (JsonNode output : manifest.path("output")) {
            HttpResponse<String> file = get(output.path("url").asText(), "application/fhir+ndjson");
            assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
            for (String line : file.body().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                JsonNode resource = JSON.readTree(line);
                String kind = resource.path("resourceType").asText() + " "
                        + resource.path("meta").path("profile").toString();
                if (validatedPerKind.merge(kind, 1, Integer::sum) <= PER_KIND) {
                    errors.addAll(errors(
                            "NDJSON " + resource.path("resourceType").asText() + "/"
                                    + resource.path("id").asText(),
                            line));
                }
            }
        }
        System.out.printf(
                "Export of the journey: %d lines, validated per kind (at most %d each): %s%n",
                lines, PER_KIND, validatedPerKind);

        assertThat(validatedPerKind.keySet())
                .as("the journey's sessions, plans, scores and vital signs were exported")
                .anyMatch(k -> k.startsWith("MedicationAdministration "))
                .anyMatch(k -> k.startsWith("CarePlan "))
                .anyMatch(k -> k.contains("ketamine-score"))
                .anyMatch(k -> k.contains("session-blood-pressure"));
        assertThat(errors).isEmpty();
    }
}
