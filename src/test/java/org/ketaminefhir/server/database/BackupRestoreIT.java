package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestDatabases;

/**
 * scripts/backup and scripts/restore, as docs/operations.md tells an operator to use them: back up the loaded database,
 * restore it into a new one, start a server on that, and find the same records and the same clinical answers.
 */
class BackupRestoreIT extends FhirServerTestBase {

    @Test
    void aRestoredBackupServesEveryResourceAndTheSameClinicalAnswers(@TempDir Path dir) throws Exception {
        client().transaction().withBundle(IgExamples.journeyTransaction(FHIR)).execute();
        TestDatabases.TestDatabase loaded = TestDatabases.shared();
        Path backup = dir.resolve("clinic.dump");

        String backedUp = run("scripts/backup", libpq(loaded), backup.toString());
        TestDatabases.TestDatabase restored = TestDatabases.create();
        String restoredOutput = run("scripts/restore", backup.toString(), libpq(restored));
        String refused = runExpectingFailure("scripts/restore", backup.toString(), libpq(restored));

        assertThat(backedUp).contains("scripts/backup: " + backup);
        assertThat(restoredOutput).contains("restored into the database");
        assertThat(refused).contains("restore into an empty database");
        Map<String, Long> countsBefore = countsByType(loaded);
        assertThat(countsByType(restored))
                .isEqualTo(countsBefore)
                .containsKeys("Patient", "Observation", "MedicationAdministration");

        try (StandaloneServer server = StandaloneServer.onPostgres(restored)) {
            for (IgExamples.Example example : sample()) {
                String path = "/" + example.resourceType() + "/" + example.id();
                assertThat(get(server.fhirBase(), server.token(), path))
                        .as(path)
                        .isEqualTo(get(fhirBase(), token(), path));
            }
            for (String type : countsBefore.keySet()) {
                assertThat(count(server.fhirBase(), server.token(), type))
                        .as(type)
                        .isEqualTo(count(fhirBase(), token(), type));
            }
            String patient = "Patient/"
                    + IgExamples.all().stream()
                            .filter(e -> e.resourceType().equals("Patient"))
                            .findFirst()
                            .orElseThrow()
                            .id();
            assertThat(FHIR.newJsonParser().encodeResourceToString(progress(server.client(), patient)))
                    .isEqualTo(FHIR.newJsonParser().encodeResourceToString(progress(client(), patient)));
        }
    }

    private static Parameters progress(ca.uhn.fhir.rest.client.api.IGenericClient client, String patient) {
        return client.operation()
                .onInstance(new IdType(patient))
                .named("$ketamine-progress")
                .withNoParameters(Parameters.class)
                .useHttpGet()
                .execute();
    }

    /** Every tenth example, of every type. */
    private static List<IgExamples.Example> sample() {
        List<IgExamples.Example> sample = new ArrayList<>();
        List<IgExamples.Example> all = IgExamples.all();
        for (int i = 0; i < all.size(); i += 10) {
            sample.add(all.get(i));
        }
        return sample;
    }

    private static String get(String base, String token, String path) throws Exception {
        var answer = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(URI.create(base + path))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept", "application/fhir+json")
                                .GET()
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path).isEqualTo(200);
        return answer.body();
    }

    private static int count(String base, String token, String type) throws Exception {
        return FHIR.newJsonParser()
                .parseResource(
                        org.hl7.fhir.r4.model.Bundle.class,
                        get(base, token, "/" + type + "?_summary=count&_total=accurate"))
                .getTotal();
    }

    private static Map<String, Long> countsByType(TestDatabases.TestDatabase db) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select res_type, count(*) from hfj_resource where res_deleted_at is null"
                                + " and res_type not in ('StructureDefinition','ValueSet','CodeSystem','ImplementationGuide','SearchParameter')"
                                + " group by res_type")) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /** The database as a libpq URL, the way an operator names it to the scripts. */
    private static String libpq(TestDatabases.TestDatabase db) {
        String url = db.url().replaceFirst("^jdbc:", "");
        return url.replaceFirst("^postgresql://", "postgresql://" + db.user() + "@");
    }

    private static String run(String... command) throws Exception {
        Process process = start(command);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
        return output;
    }

    private static String runExpectingFailure(String... command) throws Exception {
        Process process = start(command);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isNotZero();
        return output;
    }

    private static Process start(String... command) throws IOException {
        List<String> args = new ArrayList<>(List.of("bash"));
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        String password = TestDatabases.shared().password();
        if (password != null && !password.isEmpty()) {
            builder.environment().put("PGPASSWORD", password);
        }
        assertThat(Files.isExecutable(Path.of(command[0]))).as(command[0]).isTrue();
        return builder.start();
    }
}
