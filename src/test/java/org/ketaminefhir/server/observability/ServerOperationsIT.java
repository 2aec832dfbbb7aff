package org.ketaminefhir.server.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.server.Shutdown;

/** What an operator relies on: the health endpoint and a graceful shutdown. */
class ServerOperationsIT extends FhirServerTestBase {

    @Autowired
    ServerProperties serverProperties;

    @Test
    void healthEndpointReportsUpWithReadinessAndLivenessGroups() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path :
                new String[] {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"}) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void shutdownIsGraceful() {
        assertThat(serverProperties.getShutdown()).isEqualTo(Shutdown.GRACEFUL);
    }
}
