package org.ketaminefhir.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * FHIR Bulk Data Access 2.0 (https://hl7.org/fhir/uv/bulkdata/), requirement by requirement, over HTTP as a client
 * other than ours would send them: the kick-off (headers, parameters, strict and lenient handling), the status request
 * (in progress, complete, the manifest's fields, errors), the files, and deleting an export. Each test names the
 * requirement it checks. A few patients and observations of its own keep each export small.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkDataConformanceIT extends FhirServerTestBase {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSETTED_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    /** FHIR's instant: seconds and a zone required. */
    private static final String FHIR_INSTANT =
            "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]"
                    + "|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";

    private final String family =
            "Bdc" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
    private final List<String> patients = new ArrayList<>();

    @BeforeAll
    void twoPatientsWithAnObservationEach() {
        for (int i = 0; i < 2; i++) {
            Patient patient = new Patient();
            patient.addName().setFamily(family).addGiven("Given" + i);
            patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.UNKNOWN);
            patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-01-0" + (i + 1)));
            String id = client().create()
                    .resource(patient)
                    .execute()
                    .getId()
                    .toUnqualifiedVersionless()
                    .getValue();
            patients.add(id);
            Observation note = new Observation();
            note.setStatus(Observation.ObservationStatus.FINAL);
            note.getCode().setText("bulk data conformance " + family);
            note.setSubject(new Reference(id));
            note.setValue(new StringType("note " + i));
            client().create().resource(note).execute();
        }
    }

    /** This class's patients only: a small export. */
    private String ourPatients() {
        return "_type=Patient&_typeFilter=" + encode("Patient?family=" + family);
    }

    // ---- Kick-off ------------------------------------------------------------------------------------------------

    @Test
    void kickOffAnswers202WithAnAbsoluteContentLocation() throws Exception {
        HttpResponse<String> started = kickOff("/$export?" + ourPatients());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Content-Location").orElseThrow();
        assertThat(URI.create(location).isAbsolute()).isTrue();
        assertThat(location).startsWith(fhirBase() + "/");
        finished(location);
    }

    @Test
    void patientIsRefusedOnASystemLevelKickOffInTheUrlAndInAPostedBody() throws Exception {
        HttpResponse<String> inUrl = kickOff("/$export?_type=Patient&patient=" + encode(patients.get(0)));
        assertRefused(inUrl, "patient");

        String body =
                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"_type\",\"valueString\":\"Patient\"},"
                        + "{\"name\":\"patient\",\"valueReference\":{\"reference\":\"" + patients.get(0) + "\"}}]}";
        HttpResponse<String> posted = HTTP.send(
                base("/$export", "respond-async")
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(posted, "patient");

        // on a patient-level export it is defined: only that patient's compartment
        HttpResponse<String> patientLevel = HTTP.send(
                base("/Patient/$export", "respond-async")
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(patientLevel.statusCode()).as(patientLevel.body()).isEqualTo(202);
        JsonNode manifest =
                finished(patientLevel.headers().firstValue("Content-Location").orElseThrow());
        assertThat(resources(manifest, "Patient"))
                .extracting(r -> r.getIdElement().toUnqualifiedVersionless().getValue())
                .containsExactly(patients.get(0));
    }

    @Test
    void aKickOffWithoutAcceptIsProcessedAsIfItAskedForFhirJson() throws Exception {
        HttpResponse<String> started = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/$export?" + ourPatients()))
                        .header("Authorization", "Bearer " + token())
                        .header("Prefer", "respond-async")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        finished(started.headers().firstValue("Content-Location").orElseThrow());
    }

    @Test
    void everyNdjsonOutputFormatTheIgNamesIsAcceptedAndGivesNdjsonFiles() throws Exception {
        for (String format : List.of("application/fhir+ndjson", "application/ndjson", "ndjson")) {
            HttpResponse<String> started = kickOff("/$export?" + ourPatients() + "&_outputFormat=" + encode(format));
            assertThat(started.statusCode()).as(format + ": " + started.body()).isEqualTo(202);
            JsonNode manifest =
                    finished(started.headers().firstValue("Content-Location").orElseThrow());
            assertThat(resources(manifest, "Patient")).as(format).hasSize(2);
        }
        assertRefused(kickOff("/$export?" + ourPatients() + "&_outputFormat=" + encode("text/csv")), "");
        assertRefused(
                kickOff("/$export?" + ourPatients() + "&includeAssociatedData=LatestProvenanceResources"),
                "includeAssociatedData");
    }

    @Test
    void aKickOffErrorIsAnOperationOutcomeInJson() throws Exception {
        HttpResponse<String> noPrefer = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/$export?" + ourPatients()))
                        .header("Authorization", "Bearer " + token())
                        .header("Accept", "application/fhir+json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(noPrefer, "async");
        assertRefused(kickOff("/$export?_type=NotAType"), "NotAType");
        assertRefused(kickOff("/$export?" + ourPatients() + "&_since=yesterday"), "");
    }

    @Test
    void strictHandlingRefusesATypeFilterTheServerCannotRun() throws Exception {
        assertRefused(
                kickOff("/$export?_type=Patient&_typeFilter=" + encode("Patient?nonsense=1")), "Patient?nonsense=1");
    }

    @Test
    void lenientHandlingIgnoresATypeFilterTheServerCannotRunAndSaysSoInTheErrorFile() throws Exception {
        HttpResponse<String> started = HTTP.send(
                base(
                                "/$export?_type=Observation&_typeFilter=" + encode("Observation?nonsense=1")
                                        + "&_typeFilter=" + encode("Observation?subject=" + patients.get(0)),
                                "respond-async, handling=lenient")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode manifest =
                finished(started.headers().firstValue("Content-Location").orElseThrow());

        // the filter it can run still applies
        assertThat(resources(manifest, "Observation"))
                .hasSize(1)
                .allSatisfy(o -> assertThat(((Observation) o).getSubject().getReference())
                        .isEqualTo(patients.get(0)));
        JsonNode errors = manifest.get("error");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("type").asText()).isEqualTo("OperationOutcome");
        List<Resource> outcomes = file(errors.get(0).get("url").asText());
        assertThat(outcomes).hasSize(1).first().isInstanceOf(OperationOutcome.class);
        OperationOutcome outcome = (OperationOutcome) outcomes.get(0);
        assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
        assertThat(outcome.getIssueFirstRep().getDiagnostics())
                .contains("Observation?nonsense=1")
                .contains("ignored");
        // the error file is the export's client's, like its other files
        HttpResponse<String> withoutToken = HTTP.send(
                HttpRequest.newBuilder(URI.create(errors.get(0).get("url").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.statusCode()).isEqualTo(401);

        // and the same filter in strict handling stays a 400
        assertRefused(
                kickOff("/$export?_type=Observation&_typeFilter=" + encode("Observation?nonsense=1")),
                "Observation?nonsense=1");
    }

    @Test
    void elementsKeepThoseAndTheMandatoryElementsTaggedSubsetted() throws Exception {
        HttpResponse<String> started = kickOff("/$export?_type=Patient,Observation&_typeFilter="
                + encode("Patient?family=" + family) + "&_typeFilter="
                + encode("Observation?subject=" + patients.get(0)) + "&_elements=" + encode("Patient.name,value"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode manifest =
                finished(started.headers().firstValue("Content-Location").orElseThrow());

        List<Resource> exported = resources(manifest, "Patient");
        assertThat(exported).hasSize(2).allSatisfy(r -> {
            Patient patient = (Patient) r;
            assertThat(patient.getNameFirstRep().getFamily()).isEqualTo(family);
            assertThat(patient.hasGender()).isFalse();
            assertThat(patient.hasBirthDate()).isFalse();
            assertThat(patient.getIdElement().getIdPart()).isNotBlank();
            assertThat(patient.getMeta().getTag(SUBSETTED_SYSTEM, "SUBSETTED")).isNotNull();
        });
        List<Resource> observations = resources(manifest, "Observation");
        assertThat(observations).hasSize(1).allSatisfy(r -> {
            Observation observation = (Observation) r;
            assertThat(observation.hasValue()).isTrue();
            assertThat(observation.hasStatus()).as("mandatory").isTrue();
            assertThat(observation.hasCode()).as("mandatory").isTrue();
            assertThat(observation.hasSubject()).isFalse();
            assertThat(observation.getMeta().getTag(SUBSETTED_SYSTEM, "SUBSETTED"))
                    .isNotNull();
        });

        // without _elements, whole and untagged
        JsonNode whole = finished(kickOff("/$export?" + ourPatients())
                .headers()
                .firstValue("Content-Location")
                .orElseThrow());
        assertThat(resources(whole, "Patient")).hasSize(2).allSatisfy(r -> {
            assertThat(((Patient) r).hasGender()).isTrue();
            assertThat(r.getMeta().getTag(SUBSETTED_SYSTEM, "SUBSETTED")).isNull();
        });

        assertRefused(kickOff("/$export?" + ourPatients() + "&_elements=" + encode("Patient.name.given")), "_elements");
        assertRefused(kickOff("/$export?" + ourPatients() + "&_elements=" + encode("Patient.nonsense")), "_elements");
    }

    // ---- Status ----------------------------------------------------------------------------------------------------

    @Test
    void theStatusOfACompleteExportIsAManifestWithExpiresAndEveryRequiredField() throws Exception {
        String url = fhirBase() + "/$export?" + ourPatients();
        Instant kickOff = Instant.now();
        HttpResponse<String> started = kickOff("/$export?" + ourPatients());
        String location = started.headers().firstValue("Content-Location").orElseThrow();
        HttpResponse<String> status = finishedStatus(location);

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        ZonedDateTime expires = ZonedDateTime.parse(
                status.headers().firstValue("Expires").orElseThrow(), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(expires.toInstant()).isAfter(Instant.now().plusSeconds(3000));

        JsonNode manifest = JSON.readTree(status.body());
        Set<String> fields = Set.of(
                "transactionTime", "request", "requiresAccessToken", "output", "error", "deleted", "link", "extension");
        for (Iterator<String> names = manifest.fieldNames(); names.hasNext(); ) {
            assertThat(fields).as("a field the IG defines").contains(names.next());
        }
        String transactionTime = manifest.get("transactionTime").asText();
        assertThat(transactionTime).matches(FHIR_INSTANT);
        assertThat(Instant.parse(transactionTime.replace("+00:00", "Z")))
                .isBetween(kickOff.minusSeconds(2), Instant.now());
        assertThat(manifest.get("request").asText()).isEqualTo(url);
        assertThat(manifest.get("requiresAccessToken").isBoolean()).isTrue();
        assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
        assertThat(manifest.get("output")).isNotEmpty().allSatisfy(o -> {
            assertThat(o.get("type").asText()).isEqualTo("Patient");
            assertThat(URI.create(o.get("url").asText()).isAbsolute()).isTrue();
        });
        assertThat(manifest.get("error").isArray()).isTrue();
        assertThat(manifest.get("error")).isEmpty();
    }

    @Test
    void aFileIsNdjsonWithOrWithoutAcceptAndNeedsTheAccessToken() throws Exception {
        JsonNode manifest = finished(kickOff("/$export?" + ourPatients())
                .headers()
                .firstValue("Content-Location")
                .orElseThrow());
        String file = manifest.get("output").get(0).get("url").asText();
        for (String accept : new String[] {"application/fhir+ndjson", null}) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(file)).header("Authorization", "Bearer " + token());
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("Accept %s", accept).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type").orElse(""))
                    .as("Accept %s", accept)
                    .startsWith("application/fhir+ndjson");
            assertThat(answer.body().lines().filter(l -> !l.isBlank()))
                    .hasSize(2)
                    .allSatisfy(l ->
                            assertThat(FHIR.newJsonParser().parseResource(l)).isInstanceOf(Patient.class));
        }
        HttpResponse<String> withoutToken = HTTP.send(
                HttpRequest.newBuilder(URI.create(file))
                        .header("Accept", "application/fhir+ndjson")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(withoutToken.statusCode()).isEqualTo(401);
    }

    @Test
    void sinceHoldsOnlyWhatChangedAfterIt() throws Exception {
        Instant before = Instant.now();
        Thread.sleep(1_100);
        Patient changed =
                client().read().resource(Patient.class).withId(patients.get(1)).execute();
        changed.getNameFirstRep().addGiven("Changed");
        client().update().resource(changed).execute();
        JsonNode manifest = finished(kickOff("/$export?" + ourPatients() + "&_since=" + encode(before.toString()))
                .headers()
                .firstValue("Content-Location")
                .orElseThrow());
        assertThat(resources(manifest, "Patient"))
                .extracting(r -> r.getIdElement().toUnqualifiedVersionless().getValue())
                .containsExactly(patients.get(1));
    }

    // ---- Delete ----------------------------------------------------------------------------------------------------

    @Test
    void deletingACompleteExportAnswers202WithAnOutcomeAndItsFilesAndStatusAreGone() throws Exception {
        String location = kickOff("/$export?" + ourPatients())
                .headers()
                .firstValue("Content-Location")
                .orElseThrow();
        JsonNode manifest = finished(location);
        String file = manifest.get("output").get(0).get("url").asText();
        assertThat(get(file, "application/fhir+ndjson").statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = delete(location);
        assertThat(deleted.statusCode()).isEqualTo(202);
        assertOutcome(deleted, "deleted");

        HttpResponse<String> fileAfter = get(file, "application/fhir+ndjson");
        assertThat(fileAfter.statusCode()).as(fileAfter.body()).isIn(404, 410);
        HttpResponse<String> statusAfter = get(location, "application/json");
        assertThat(statusAfter.statusCode()).isEqualTo(404);
        assertOutcome(statusAfter, "");
        assertThat(delete(location).statusCode()).isEqualTo(404);
    }

    @Test
    void deletingARunningExportCancelsItWith202AndAnOutcomeAndItsStatusIs404() throws Exception {
        String location = kickOff("/$export?" + ourPatients())
                .headers()
                .firstValue("Content-Location")
                .orElseThrow();
        HttpResponse<String> cancelled = delete(location);
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertOutcome(cancelled, "");
        HttpResponse<String> after = waitWhileRunning(location);
        assertThat(after.statusCode()).isEqualTo(404);
        assertOutcome(after, "cancelled");
    }

    // ---- The Bulk Data flow --------------------------------------------------------------------------------------

    private HttpRequest.Builder base(String path, String prefer) {
        return HttpRequest.newBuilder(URI.create(fhirBase() + path))
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/fhir+json")
                .header("Prefer", prefer);
    }

    private HttpResponse<String> kickOff(String path) throws Exception {
        return HTTP.send(base(path, "respond-async").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String accept) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token())
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token())
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the export completes, checking each in-progress answer (202, X-Progress, Retry-After). */
    private HttpResponse<String> finishedStatus(String location) throws Exception {
        Instant deadline = Instant.now().plusSeconds(180);
        while (true) {
            HttpResponse<String> status = get(location, "application/json");
            if (status.statusCode() == 200) {
                return status;
            }
            assertThat(status.statusCode()).as(status.body()).isEqualTo(202);
            assertThat(status.headers().firstValue("X-Progress"))
                    .hasValueSatisfying(p -> assertThat(p.length()).isLessThan(100));
            assertThat(status.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private JsonNode finished(String location) throws Exception {
        return JSON.readTree(finishedStatus(location).body());
    }

    private HttpResponse<String> waitWhileRunning(String location) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            HttpResponse<String> status = get(location, "application/json");
            if (status.statusCode() != 202 || Instant.now().isAfter(deadline)) {
                return status;
            }
            Thread.sleep(250);
        }
    }

    /** The resources of the manifest's files of one type. */
    private List<Resource> resources(JsonNode manifest, String type) throws Exception {
        List<Resource> all = new ArrayList<>();
        for (JsonNode output : manifest.get("output")) {
            if (type.equals(output.get("type").asText())) {
                all.addAll(file(output.get("url").asText()));
            }
        }
        return all;
    }

    private List<Resource> file(String url) throws Exception {
        HttpResponse<String> file = get(url, "application/fhir+ndjson");
        assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+ndjson");
        List<Resource> resources = new ArrayList<>();
        for (String line : file.body().split("\n")) {
            if (!line.isBlank()) {
                resources.add((Resource) FHIR.newJsonParser().parseResource(line));
            }
        }
        return resources;
    }

    private static void assertRefused(HttpResponse<String> answer, String saying) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertOutcome(answer, saying);
    }

    private static void assertOutcome(HttpResponse<String> answer, String saying) {
        assertThat(answer.headers().firstValue("Content-Type").orElse(""))
                .as("Content-Type of %s", answer.body())
                .startsWith("application/fhir+json");
        assertThat(FHIR.newJsonParser().parseResource(answer.body())).isInstanceOf(OperationOutcome.class);
        assertThat(answer.body()).contains(saying);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
