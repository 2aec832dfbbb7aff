package org.ketaminefhir.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.TestDatabases.TestDatabase;

/**
 * HAPI's own repository-validation set-up reads the stored profiles when it starts, so on a first boot (nothing stored
 * yet) it enforces nothing. Ours must enforce the IG from the very first request on a new, empty database, and still
 * after a restart that skips installing the same package again.
 */
class FirstBootEnforcementIT {

    @Test
    void theFirstRequestOnAFreshDatabaseIsAlreadyValidated() throws Exception {
        TestDatabase db = TestDatabases.create();
        // An esketamine session given intravenously: against rule ket-ses-2.
        String invalidSession = IgExamples.get("MedicationAdministration", "esk-session-1")
                .json()
                .replace("\"46713006\"", "\"47625008\"")
                .replace("Nasal route", "Intravenous route");

        try (StandaloneServer server = StandaloneServer.onPostgres(db)) {
            assertRefusedByKetSes2(server, invalidSession);
        }
        assertThat(storedResources(db, "MedicationAdministration")).isZero();
        Timestamp installed = installedAt(db);
        assertThat(installed).as("the install is recorded").isNotNull();

        // A restart with the same package does not install it again, and the profiles are enforced all the same.
        try (StandaloneServer server = StandaloneServer.onPostgres(db)) {
            assertRefusedByKetSes2(server, invalidSession);
        }
        assertThat(installedAt(db)).as("not installed again").isEqualTo(installed);
        assertThat(storedResources(db, "MedicationAdministration")).isZero();
    }

    private static void assertRefusedByKetSes2(StandaloneServer server, String invalidSession) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(server.fhirBase() + "/MedicationAdministration"))
                                .header("Authorization", "Bearer " + server.token())
                                .header("Content-Type", "application/fhir+json")
                                .POST(HttpRequest.BodyPublishers.ofString(invalidSession))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        OperationOutcome outcome =
                FhirServerTestBase.FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssue())
                .anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains("ket-ses-2"));
    }

    private static Timestamp installedAt(TestDatabase db) throws Exception {
        try (Connection connection = db.connect();
                ResultSet rs = connection.createStatement().executeQuery("select installed_at from ket_ig_install")) {
            return rs.next() ? rs.getTimestamp(1) : null;
        }
    }

    private static int storedResources(TestDatabase db, String type) throws Exception {
        try (Connection connection = db.connect();
                ResultSet rs = connection
                        .createStatement()
                        .executeQuery("select count(*) from hfj_resource where res_type = '" + type + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
