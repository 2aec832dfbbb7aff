package org.ketaminefhir.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ketaminefhir.bench.SyntheticClinic;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.Tokens;

/**
 * FHIR Bulk Data export ({@code $export}) of a clinic of more than 5,000 resources (the benchmark's synthetic clinic,
 * written through the validating server) and two patients a hospital sent (US Core, unlabelled), over HTTP as a
 * backend client does it: kick-off, polling, manifest, NDJSON files. Checks the files against the database, and who
 * may start an export and read its files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkExportIT extends FhirServerTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLINICAL_TYPES =
            "Patient,Observation,MedicationAdministration,CarePlan,Encounter,DetectedIssue";
    private static final int CLINIC_SIZE = 5_000;

    private final String prefix = "bx" + UUID.randomUUID().toString().substring(0, 6);
    private final String hospitalA = prefix + "-ha";
    private final String hospitalB = prefix + "-hb";
    /** The ids the synthetic clinic wrote, by patient ("Type/id"). */
    private final List<Set<String>> clinicPatients = new ArrayList<>();

    private final Set<String> sentByHospital = new HashSet<>();

    @BeforeAll
    void aClinicOfMoreThan5000ResourcesAndTwoHospitalPatients() throws IOException {
        SyntheticClinic clinic = new SyntheticClinic(FHIR, 20261130, prefix);
        int written = 0;
        Instant start = Instant.now();
        for (int index = 0; written < CLINIC_SIZE; index++) {
            SyntheticClinic.PatientRecords records = clinic.patient(index);
            Set<String> ids = new HashSet<>();
            List<Bundle> bundles = new ArrayList<>();
            bundles.add(records.setup());
            bundles.addAll(records.sessions());
            for (Bundle bundle : bundles) {
                client().transaction().withBundle(bundle).execute();
                bundle.getEntry().forEach(e -> ids.add(e.getRequest().getUrl()));
            }
            written += ids.size();
            clinicPatients.add(ids);
        }
        System.out.printf(
                "Bulk export test clinic: %d resources of %d patients written in %d s%n",
                written,
                clinicPatients.size(),
                Duration.between(start, Instant.now()).toSeconds());

        Patient a = new Patient();
        a.setId(hospitalA);
        a.addName().setFamily("Hospital-Sent").addGiven("Avery");
        client().update().resource(a).execute();
        String json;
        try (InputStream in = getClass().getResourceAsStream("/hospital/us-core-patients.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{A}}", hospitalA)
                    .replace("{{B}}", hospitalB);
        }
        Bundle answer = client().transaction()
                .withBundle(FHIR.newJsonParser().parseResource(Bundle.class, json))
                .execute();
        sentByHospital.add("Patient/" + hospitalA);
        answer.getEntry()
                .forEach(e -> sentByHospital.add(new IdType(e.getResponse().getLocation())
                        .toUnqualifiedVersionless()
                        .getValue()));
    }

    @Test
    void theWholeClinicIsExportedOneParsableResourcePerLineWithTheDatabasesCountsPerType() throws Exception {
        Instant kickOff = Instant.now();
        Export export = export(
                token(),
                "/$export?_type=" + CLINICAL_TYPES + "&_outputFormat="
                        + URLEncoder.encode("application/fhir+ndjson", StandardCharsets.UTF_8));
        Duration took = Duration.between(kickOff, Instant.now());

        assertThat(export.manifest.get("requiresAccessToken").asBoolean()).isTrue();
        assertThat(export.manifest.get("request").asText()).contains("$export").contains("_type=" + CLINICAL_TYPES);
        assertThat(Instant.parse(export.manifest.get("transactionTime").asText()))
                .isBetween(kickOff.minusSeconds(5), Instant.now());
        assertThat(export.manifest.get("output")).isNotEmpty();
        export.manifest
                .get("output")
                .forEach(o -> assertThat(o.get("url").asText()).startsWith(fhirBase() + "/Binary/"));

        Map<String, Integer> exported = new TreeMap<>();
        export.resources(token()).forEach(r -> exported.merge(r.fhirType(), 1, Integer::sum));
        assertThat(exported).isEqualTo(databaseCounts(CLINICAL_TYPES.split(","), null));
        int total = exported.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(total).isGreaterThanOrEqualTo(CLINIC_SIZE);
        System.out.printf(
                "Bulk export of %d resources (%s): %d ms from kick-off to manifest, %.0f resources/s, "
                        + "%d files, %d polls%n",
                total,
                exported,
                took.toMillis(),
                total * 1000.0 / Math.max(1, took.toMillis()),
                export.manifest.get("output").size(),
                export.polls);
    }

    @Test
    void labelledResourcesKeepTheirLabelsAndGoOnlyToATokenWithTheSensitiveDataScope() throws Exception {
        String types = "Patient,Observation,Condition";
        List<Resource> withScope = export(token(), "/$export?_type=" + types).resources(token());
        assertThat(withScope).anySatisfy(r -> assertThat(labelled(r)).isTrue());
        assertThat(ids(withScope))
                .containsAll(clinicPatients.get(0).stream()
                        .filter(id -> id.startsWith("Patient/"))
                        .toList());

        String plain = Tokens.backend(origin(), TestClinic.BACKEND_PLAIN, TestClinic.BACKEND_PLAIN_KEY, "system/*.rs");
        List<Resource> withoutScope = export(plain, "/$export?_type=" + types).resources(plain);
        assertThat(withoutScope)
                .isNotEmpty()
                .noneSatisfy(r -> assertThat(labelled(r)).isTrue());
        // every unlabelled resource of these types (a hospital's US Core data, base-profile vital signs), no labelled
        // one
        assertThat(ids(withoutScope))
                .contains("Patient/" + hospitalA, "Patient/" + hospitalB)
                .doesNotContainAnyElementsOf(
                        ids(withScope.stream().filter(BulkExportIT::labelled).toList()))
                .isEqualTo(ids(withScope.stream().filter(r -> !labelled(r)).toList()));
    }

    @Test
    void sinceHoldsOnlyWhatChangedAfterIt() throws Exception {
        Instant before = Instant.now();
        Thread.sleep(1_000);
        Patient changed =
                client().read().resource(Patient.class).withId(hospitalB).execute();
        changed.getNameFirstRep().setFamily("Renamed");
        client().update().resource(changed).execute();
        String synthetic = clinicPatients.get(1).stream()
                .filter(id -> id.startsWith("Patient/"))
                .findFirst()
                .orElseThrow();
        Patient clinicPatient = client().read()
                .resource(Patient.class)
                .withId(new IdType(synthetic).getIdPart())
                .execute();
        clinicPatient.getNameFirstRep().addGiven("Changed");
        client().update().resource(clinicPatient).execute();

        Export export = export(token(), "/$export?_type=" + CLINICAL_TYPES + ",Condition&_since=" + before);
        Set<String> exported = ids(export.resources(token()));
        assertThat(exported)
                .contains("Patient/" + hospitalB, synthetic)
                .isEqualTo(databaseIds((CLINICAL_TYPES + ",Condition").split(","), before));
    }

    @Test
    void aPatientExportHoldsThatPatientsCompartmentAndNothingOfAnother() throws Exception {
        Set<String> first = clinicPatients.get(0);
        String patient = first.stream()
                .filter(id -> id.startsWith("Patient/"))
                .findFirst()
                .orElseThrow();
        List<Resource> resources = export(token(), "/" + patient + "/$export").resources(token());

        Set<String> ids = ids(resources);
        assertThat(ids).containsAll(first);
        for (int other = 1; other < clinicPatients.size(); other++) {
            assertThat(ids).doesNotContainAnyElementsOf(clinicPatients.get(other));
        }
        assertThat(ids).doesNotContainAnyElementsOf(sentByHospital);
        for (Resource resource : resources) {
            String text = FHIR.newJsonParser().encodeResourceToString(resource);
            assertThat(resource instanceof Patient || text.contains("\"" + patient + "\""))
                    .as("%s is in %s's compartment", resource.getIdElement().toUnqualifiedVersionless(), patient)
                    .isTrue();
        }
    }

    @Test
    void aGroupExportHoldsItsMembers() throws Exception {
        Group group = new Group();
        group.setType(Group.GroupType.PERSON).setActual(true);
        group.addMember().setEntity(new Reference("Patient/" + hospitalA));
        group.addMember().setEntity(new Reference("Patient/" + hospitalB));
        String id = client().create()
                .resource(group)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();

        Set<String> ids = ids(export(token(), "/" + id + "/$export?_type=Patient,Condition,Encounter")
                .resources(token()));
        assertThat(ids)
                .containsAll(sentByHospital.stream()
                        .filter(s -> !s.startsWith("MedicationRequest/") && !s.startsWith("Observation/"))
                        .toList());
        assertThat(ids).allSatisfy(s -> assertThat(sentByHospital).contains(s));
    }

    @Test
    void onlyABackendClientWithSystemReadScopesMayStartAnExport() throws Exception {
        String clinician = AuthorizationCodeFlow.login(
                        origin(), TestClinic.CLINICIAN, "openid fhirUser user/*.rs sensitive/psy.read", Map.of())
                .json()
                .get("access_token")
                .asText();
        HttpResponse<String> refused = kickOff(clinician, "/$export");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("backend-services token").contains("OperationOutcome");

        String patientsOnly = Tokens.backend(origin(), "system/Patient.rs");
        HttpResponse<String> otherType = kickOff(patientsOnly, "/$export?_type=Patient,Observation");
        assertThat(otherType.statusCode()).isEqualTo(403);
        assertThat(otherType.body()).contains("Observation").contains("system/Observation.rs");

        // without _type: the types the token reads
        Export narrowed = export(patientsOnly, "/$export");
        assertThat(narrowed.manifest.get("output"))
                .allSatisfy(o -> assertThat(o.get("type").asText()).isEqualTo("Patient"));
        assertThat(narrowed.resources(patientsOnly))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r).isInstanceOf(Patient.class));
    }

    @Test
    void anExportsStatusAndFilesAreOnlyForTheClientThatStartedIt() throws Exception {
        Export export = export(token(), "/$export?_type=Patient");
        String other = Tokens.backend(
                origin(), TestClinic.BACKEND_ES, TestClinic.BACKEND_ES_KEY, "system/*.cruds sensitive/psy.read");
        String file = export.manifest.get("output").get(0).get("url").asText();

        HttpResponse<String> read = get(other, file, "application/fhir+ndjson");
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(read.body()).contains("another client");
        assertThat(send("GET", "/Binary?_count=200", other, null).body()).doesNotContain(new IdType(file).getIdPart());
        assertThat(send("DELETE", "/Binary/" + new IdType(file).getIdPart(), other, null)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> status = get(other, export.location, "application/json");
        assertThat(status.statusCode()).isEqualTo(404);
        assertThat(send("DELETE", export.location.substring(fhirBase().length()), other, null)
                        .statusCode())
                .isEqualTo(404);
        String jobId = export.location.substring(export.location.indexOf("_jobId=") + "_jobId=".length());
        String byBody = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"_jobId\",\"valueString\":\""
                + jobId + "\"}]}";
        HttpResponse<String> postedStatus = send("POST", "/$export-poll-status", other, byBody);
        assertThat(postedStatus.statusCode()).as(postedStatus.body()).isEqualTo(404);
        assertThat(send("POST", "/$export-poll-status", token(), byBody).statusCode())
                .isEqualTo(200);

        // the same client with a token without the sensitive-data scope: not the files of an export of labelled data
        String sameClientPlain = Tokens.backend(origin(), "system/*.rs");
        HttpResponse<String> withoutScope = get(sameClientPlain, file, "application/fhir+ndjson");
        assertThat(withoutScope.statusCode()).isEqualTo(403);
        assertThat(withoutScope.body()).contains("sensitive-data scope");
        assertThat(get(token(), file, "application/fhir+ndjson").statusCode()).isEqualTo(200);
    }

    /** Two servers on one database (behind a load balancer): the export is the same on both, and as well guarded. */
    @Test
    void anExportStartedOnOneServerIsPolledAndDownloadedOnAnother() throws Exception {
        StandaloneServer second = secondServer();
        HttpResponse<String> started = kickOff(token(), "/$export?_type=Patient,Condition");
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Content-Location").orElseThrow();
        String onSecond = location.replace(fhirBase(), second.fhirBase());
        String other = Tokens.backend(
                origin(), TestClinic.BACKEND_ES, TestClinic.BACKEND_ES_KEY, "system/*.rs sensitive/psy.read");
        assertThat(get(other, onSecond, "application/json").statusCode()).isEqualTo(404);

        Export export = finished(token(), onSecond);
        Set<String> exported = new HashSet<>();
        for (JsonNode output : export.manifest.get("output")) {
            String file = output.get("url").asText().replace(fhirBase(), second.fhirBase());
            assertThat(get(other, file, "application/fhir+ndjson").statusCode()).isEqualTo(403);
            HttpResponse<String> lines = get(token(), file, "application/fhir+ndjson");
            assertThat(lines.statusCode()).isEqualTo(200);
            lines.body()
                    .lines()
                    .filter(l -> !l.isBlank())
                    .forEach(l -> exported.add(FHIR.newJsonParser()
                            .parseResource(l)
                            .getIdElement()
                            .toUnqualifiedVersionless()
                            .getValue()));
        }
        assertThat(exported).isEqualTo(databaseIds(new String[] {"Patient", "Condition"}, null));
    }

    @Test
    void deleteCancelsARunningExport() throws Exception {
        HttpResponse<String> started = kickOff(token(), "/$export?_type=" + CLINICAL_TYPES);
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Content-Location").orElseThrow();
        HttpResponse<String> cancelled =
                send("DELETE", location.substring(fhirBase().length()), token(), null);
        assertThat(cancelled.statusCode()).isEqualTo(202);
        HttpResponse<String> after = waitWhileRunning(token(), location);
        assertThat(after.statusCode()).isEqualTo(404);
        assertThat(after.body()).contains("cancelled");
    }

    @Test
    void badKickOffsAreRefusedWithAnOperationOutcome() throws Exception {
        HttpResponse<String> noPrefer = HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/$export"))
                        .header("Authorization", "Bearer " + token())
                        .header("Accept", "application/fhir+json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noPrefer.statusCode()).isEqualTo(400);
        assertThat(noPrefer.body()).contains("OperationOutcome").contains("async");

        HttpResponse<String> format = kickOff(token(), "/$export?_outputFormat=text/csv");
        assertThat(format.statusCode()).isEqualTo(400);
        assertThat(format.body()).contains("OperationOutcome");

        HttpResponse<String> type = kickOff(token(), "/$export?_type=NotAType");
        assertThat(type.statusCode()).isEqualTo(400);
        assertThat(type.body()).contains("OperationOutcome").contains("NotAType");

        for (String filter : List.of("Observation?nonsense=1", "NotAType?code=1", "Observation", "?code=1")) {
            HttpResponse<String> typeFilter = kickOff(
                    token(),
                    "/$export?_type=Observation&_typeFilter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
            assertThat(typeFilter.statusCode()).as(filter).isEqualTo(400);
            assertThat(typeFilter.body())
                    .as(filter)
                    .contains("OperationOutcome")
                    .contains("_typeFilter");
        }

        HttpResponse<String> audit = kickOff(token(), "/$export?_type=Patient,AuditEvent");
        assertThat(audit.statusCode()).isEqualTo(400);
        assertThat(audit.body()).contains("OperationOutcome").contains("audit trail is not part of a Bulk Data export");

        HttpResponse<String> since = kickOff(token(), "/$export?_since=yesterday");
        assertThat(since.statusCode()).isEqualTo(400);
        assertThat(since.body()).contains("OperationOutcome");

        HttpResponse<String> unknownJob =
                get(token(), fhirBase() + "/$export-poll-status?_jobId=no-such-export", "application/json");
        assertThat(unknownJob.statusCode()).isEqualTo(404);
    }

    // ----- the Bulk Data flow ---------------------------------------------------------------------------------------

    /** A finished export: where its status is, its manifest, and how many times it was polled. */
    private final class Export {
        final String location;
        final JsonNode manifest;
        final int polls;

        Export(String location, JsonNode manifest, int polls) {
            this.location = location;
            this.manifest = manifest;
            this.polls = polls;
        }

        /** Every line of every file, each parsed as a FHIR resource. */
        List<Resource> resources(String accessToken) throws Exception {
            List<Resource> all = new ArrayList<>();
            for (JsonNode output : manifest.get("output")) {
                HttpResponse<String> file = get(accessToken, output.get("url").asText(), "application/fhir+ndjson");
                assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
                assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+ndjson");
                for (String line : file.body().split("\n")) {
                    if (!line.isBlank()) {
                        Resource resource = (Resource) FHIR.newJsonParser().parseResource(line);
                        assertThat(resource.fhirType())
                                .isEqualTo(output.get("type").asText());
                        all.add(resource);
                    }
                }
            }
            return all;
        }
    }

    private Export export(String accessToken, String path) throws Exception {
        HttpResponse<String> started = kickOff(accessToken, path);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Content-Location").orElseThrow();
        assertThat(location).startsWith(fhirBase() + "/$export-poll-status?_jobId=");
        return finished(accessToken, location);
    }

    /** Polls an export's status until it is done (asserting the 202 answers on the way) and returns it. */
    private Export finished(String accessToken, String location) throws Exception {
        int polls = 0;
        Instant deadline = Instant.now().plusSeconds(300);
        while (true) {
            HttpResponse<String> status = get(accessToken, location, "application/json");
            polls++;
            if (status.statusCode() == 200) {
                return new Export(location, JSON.readTree(status.body()), polls);
            }
            assertThat(status.statusCode()).as(status.body()).isEqualTo(202);
            assertThat(status.headers().firstValue("X-Progress")).isPresent();
            assertThat(status.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(Instant.now()).as("the export finishes within 5 minutes").isBefore(deadline);
            Thread.sleep(250);
        }
    }

    private HttpResponse<String> waitWhileRunning(String accessToken, String location) throws Exception {
        Instant deadline = Instant.now().plusSeconds(120);
        while (true) {
            HttpResponse<String> status = get(accessToken, location, "application/json");
            if (status.statusCode() != 202 || Instant.now().isAfter(deadline)) {
                return status;
            }
            Thread.sleep(250);
        }
    }

    private HttpResponse<String> kickOff(String accessToken, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + path))
                        .header("Authorization", "Bearer " + accessToken)
                        .header("Accept", "application/fhir+json")
                        .header("Prefer", "respond-async")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String accessToken, String url, String accept) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + accessToken)
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ----- the database's view --------------------------------------------------------------------------------------

    /** Current (not deleted) resources per type, straight from HAPI's table; changed after {@code since} if given. */
    private static Map<String, Integer> databaseCounts(String[] types, Instant since) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (String id : databaseIds(types, since)) {
            counts.merge(id.substring(0, id.indexOf('/')), 1, Integer::sum);
        }
        return counts;
    }

    private static Set<String> databaseIds(String[] types, Instant since) throws Exception {
        TestDatabases.TestDatabase db = TestDatabases.shared();
        Set<String> ids = new HashSet<>();
        String sql = "select res_type, fhir_id from hfj_resource where res_deleted_at is null and res_type = any (?)"
                + (since == null ? "" : " and res_updated >= ?");
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setArray(1, connection.createArrayOf("varchar", types));
            if (since != null) {
                query.setTimestamp(2, Timestamp.from(since));
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1) + "/" + rows.getString(2));
                }
            }
        }
        return ids;
    }

    private static Set<String> ids(List<Resource> resources) {
        Set<String> ids = new HashSet<>();
        resources.forEach(
                r -> ids.add(r.getIdElement().toUnqualifiedVersionless().getValue()));
        return ids;
    }

    private static boolean labelled(Resource resource) {
        return resource.getMeta().getSecurity().stream().anyMatch(c -> "PSY".equals(c.getCode()));
    }
}
