package org.ketaminefhir.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestDatabases;

/**
 * The request time limit on a server of its own with a limit of one second: a 1,000-entry transaction, whose database
 * work takes longer, is rolled back and answered 408 with an OperationOutcome, and nothing of it is stored.
 */
class RequestTimeLimitOnServerIT {

    @Test
    void aTransactionPastTheTimeLimitIsRolledBackAndAnswered408() throws Exception {
        TestDatabases.TestDatabase db = TestDatabases.create();
        String tag = "slow-" + UUID.randomUUID();
        StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
        for (int i = 0; i < 1000; i++) {
            bundle.append(i == 0 ? "" : ",")
                    .append(
                            "{\"resource\":{\"resourceType\":\"Basic\",\"meta\":{\"tag\":[{\"system\":\"http://example.org/t\",\"code\":\"")
                    .append(tag)
                    .append("\"}]},\"code\":{\"text\":\"entry ")
                    .append(i)
                    .append("\"}},\"request\":{\"method\":\"POST\",\"url\":\"Basic\"}}");
        }
        bundle.append("]}");

        try (StandaloneServer server = StandaloneServer.start(Map.of(
                "spring.datasource.url", db.url(),
                "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password(),
                "ketamine.limits.request-time-limit", "1s"))) {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(server.fhirBase()))
                                    .header("Authorization", "Bearer " + server.token())
                                    .header("Content-Type", "application/fhir+json")
                                    .POST(HttpRequest.BodyPublishers.ofString(bundle.toString()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(408);
            assertThat(answer.body())
                    .contains("OperationOutcome")
                    .contains("longer than 1 s")
                    .contains("nothing was stored")
                    .doesNotContainIgnoringCase("sql")
                    .doesNotContain("Exception");
        }
        try (Connection connection = db.connect();
                ResultSet rs = connection
                        .createStatement()
                        .executeQuery("select count(*) from hfj_resource where res_type = 'Basic'"
                                // the server's own subscription topic is a Basic too
                                + " and fhir_id <> 'ketamine-safety-alert'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
