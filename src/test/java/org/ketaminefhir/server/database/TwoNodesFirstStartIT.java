package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ketaminefhir.server.support.IgExamples;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestDatabases;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Two nodes started at the same moment on a new, empty database (two replicas of a fresh deployment): both start, the
 * schema is created once, the implementation guide is installed once (no conformance resource twice) and its reindex
 * job runs once to the end, and both enforce it from their first request.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwoNodesFirstStartIT {

    @Test
    void twoNodesStartingTogetherOnAnEmptyDatabaseBothEnforceTheGuideInstalledOnce(CapturedOutput output)
            throws Exception {
        TestDatabases.TestDatabase db = TestDatabases.create();
        ExecutorService starters = Executors.newFixedThreadPool(2);
        Future<StandaloneServer> a = starters.submit(() -> StandaloneServer.onPostgres(db));
        // Two Spring applications may not initialise logging at the same instant in one JVM (Logback's start-up is not
        // thread-safe); a few seconds apart, both are still far from ready when the second reaches the database.
        Thread.sleep(5_000);
        Future<StandaloneServer> b = starters.submit(() -> StandaloneServer.onPostgres(db));
        starters.shutdown();

        try (StandaloneServer first = a.get(6, TimeUnit.MINUTES);
                StandaloneServer second = b.get(6, TimeUnit.MINUTES)) {
            String invalidSession = IgExamples.get("MedicationAdministration", "esk-session-1")
                    .json()
                    .replace("\"46713006\"", "\"47625008\"")
                    .replace("Nasal route", "Intravenous route");
            for (StandaloneServer node : new StandaloneServer[] {first, second}) {
                HttpResponse<String> refused = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(node.fhirBase() + "/MedicationAdministration"))
                                        .header("Authorization", "Bearer " + node.token())
                                        .header("Content-Type", "application/fhir+json")
                                        .POST(HttpRequest.BodyPublishers.ofString(invalidSession))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
                assertThat(refused.body()).contains("ket-ses-2");
            }
            assertThat(output.getAll())
                    .as("the second node met the first one starting")
                    .contains("Another node is starting on this database");
            assertThat(conformanceResourcesStoredTwice(db)).isZero();
            assertThat(count(db, "select count(*) from ket_ig_install")).isEqualTo(1);
            // The install's Batch2 reindex job (its SearchParameter), with both nodes' schedulers up: run once, to the
            // end.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (count(db, "select count(*) from bt2_job_instance where stat <> 'COMPLETED'") > 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            assertThat(count(db, "select count(*) from bt2_job_instance where stat <> 'COMPLETED'"))
                    .as("jobs not completed")
                    .isZero();
            assertThat(count(db, "select count(*) from bt2_job_instance where definition_id = 'REINDEX'"))
                    .isEqualTo(1);
            assertThat(count(db, "select count(*) from bt2_work_chunk where stat <> 'COMPLETED' or error_count > 0"))
                    .isZero();
        }
    }

    private static int conformanceResourcesStoredTwice(TestDatabases.TestDatabase db) throws Exception {
        return count(
                db,
                "select count(*) from (select r.res_type, u.sp_uri from hfj_spidx_uri u join hfj_resource r on r.res_id = u.res_id"
                        + " where u.sp_name = 'url' and r.res_deleted_at is null"
                        + " and r.res_type in ('StructureDefinition', 'ValueSet', 'CodeSystem', 'SearchParameter', 'ImplementationGuide')"
                        + " group by r.res_type, u.sp_uri having count(distinct r.res_id) > 1) twice");
    }

    private static int count(TestDatabases.TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect();
                ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
