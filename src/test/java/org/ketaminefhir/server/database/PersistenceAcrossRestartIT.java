package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.TestDatabases.TestDatabase;
import org.ketaminefhir.server.support.Tokens;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Data written before a restart is there after it, on PostgreSQL and on the embedded H2 default; so are the embedded
 * authorization server's signing key, users, apps and grants; the demo clinic runs on the embedded default only.
 */
@ExtendWith(OutputCaptureExtension.class)
class PersistenceAcrossRestartIT {

    @Test
    void postgresSchemaIsCreatedOnFirstStartAndDataSurvivesARestart(CapturedOutput output) throws Exception {
        TestDatabase db = TestDatabases.create();
        assertThat(hapiTableCount(db)).isZero();

        IIdType id;
        try (StandaloneServer server = StandaloneServer.onPostgres(db)) {
            assertThat(hapiTableCount(db)).isGreaterThan(20);
            id = server.client()
                    .create()
                    .resource(patient("Achterberg"))
                    .execute()
                    .getId()
                    .toUnqualifiedVersionless();
            assertThat(output).contains("FHIR R4 at http://localhost:" + server.port() + "/fhir");
            assertThat(output).contains("Database: PostgreSQL");
        }

        try (StandaloneServer restarted = StandaloneServer.onPostgres(db)) {
            Patient read =
                    restarted.client().read().resource(Patient.class).withId(id).execute();
            assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Achterberg");
        }
    }

    @Test
    void theSigningKeyUsersAppsAndGrantsSurviveARestart(CapturedOutput output) throws Exception {
        TestDatabase db = TestDatabases.create();
        Map<String, String> settings = new java.util.HashMap<>(onPostgres(db));
        // The same address before and after: a token names the server it is for.
        settings.put("server.port", String.valueOf(freePort()));

        String accessToken;
        String refreshToken;
        try (StandaloneServer server = StandaloneServer.start(settings)) {
            accessToken = server.token();
            refreshToken = AuthorizationCodeFlow.login(
                            server.origin(),
                            TestClinic.PATIENT_USER,
                            "launch/patient openid patient/*.rs offline_access",
                            Map.of())
                    .json()
                    .get("refresh_token")
                    .asText();
        }
        try (StandaloneServer restarted = StandaloneServer.start(settings)) {
            HttpResponse<String> read = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(restarted.fhirBase() + "/Patient?_count=1"))
                                    .header("Authorization", "Bearer " + accessToken)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode())
                    .as("a token from before the restart is still valid")
                    .isEqualTo(200);
            var refreshed = Tokens.post(
                    restarted.origin() + "/oauth2/token",
                    Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
            assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);
        }
        assertThat(count(output.getOut(), "Generated the token signing key")).isEqualTo(1);
        assertThat(count(output.getOut(), "Stored user 'patient-a'")).isEqualTo(1);
        assertThat(count(output.getOut(), "Registered app 'test-app'")).isEqualTo(1);
    }

    @Test
    void embeddedDefaultKeepsItsH2FileAndRunsTheDemoClinic(@TempDir Path dataDir, CapturedOutput output)
            throws Exception {
        Map<String, String> settings =
                Map.of("ketamine.data-dir", dataDir.toString(), "ketamine.security.demo.enabled", "auto");

        IIdType id;
        try (StandaloneServer server = StandaloneServer.start(settings)) {
            id = server.client()
                    .create()
                    .resource(patient("Bergström"))
                    .execute()
                    .getId()
                    .toUnqualifiedVersionless();
            assertThat(output).contains("Database: H2");
            assertThat(output).contains("Demo clinic active");

            // The README's way in: scripts/smart-token signs with the demo backend client's generated key.
            Path key = dataDir.resolve("demo/demo-backend-key.pem");
            assertThat(Files.exists(key)).isTrue();
            ProcessBuilder script = new ProcessBuilder("scripts/smart-token", "system/Patient.rs");
            script.environment().put("SERVER", server.origin());
            script.environment().put("KEY_FILE", key.toString());
            Process process = script.redirectErrorStream(false).start();
            String token = new String(process.getInputStream().readAllBytes()).trim();
            String errors = new String(process.getErrorStream().readAllBytes());
            assertThat(process.waitFor()).as(errors).isZero();
            HttpResponse<String> read = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.fhirBase() + "/" + id.getValue()))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        }
        assertThat(Files.exists(dataDir.resolve("h2/ketamine-fhir.mv.db"))).isTrue();

        try (StandaloneServer restarted = StandaloneServer.start(settings)) {
            Patient read =
                    restarted.client().read().resource(Patient.class).withId(id).execute();
            assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Bergström");
        }
    }

    @Test
    void theDemoClinicIsOffOnPostgresByDefault(CapturedOutput output) {
        TestDatabase db = TestDatabases.create();
        Map<String, String> settings = new java.util.HashMap<>(onPostgres(db));
        settings.put("ketamine.security.demo.enabled", "auto");
        try (StandaloneServer server = StandaloneServer.start(settings)) {
            assertThat(output).doesNotContain("Demo clinic active");
        }
    }

    private static Map<String, String> onPostgres(TestDatabase db) {
        return Map.of(
                "spring.datasource.url",
                db.url(),
                "spring.datasource.username",
                db.user(),
                "spring.datasource.password",
                db.password());
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int count(String text, String fragment) {
        int count = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + 1)) {
            count++;
        }
        return count;
    }

    private static int hapiTableCount(TestDatabase db) throws SQLException {
        try (Connection connection = db.connect();
                ResultSet rs = connection
                        .createStatement()
                        .executeQuery("select count(*) from information_schema.tables where table_name like 'hfj_%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Patient patient(String family) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven("Test");
        return patient;
    }
}
