package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.Tokens;
import org.ketaminefhir.server.support.Tokens.TokenResponse;

/**
 * Security with more than one server: a second server on the same database (behind one public address, as behind a
 * load balancer) trusts the first one's tokens and shares its single-use checks, so a backend assertion or a refresh
 * token raced to both servers works exactly once; and a server pointed at an external issuer trusts only that issuer
 * and runs no authorization server of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityAcrossServersIT extends FhirServerTestBase {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final int ROUNDS = 20;

    private StandaloneServer second;
    private StandaloneServer external;

    @BeforeAll
    void moreServers() {
        // Both servers answer for one public address, as they would behind a load balancer.
        second = secondServer();

        TestDatabases.TestDatabase own = TestDatabases.create();
        Map<String, String> trustsTheFirst = new LinkedHashMap<>();
        trustsTheFirst.put("spring.datasource.url", own.url());
        trustsTheFirst.put("spring.datasource.username", own.user());
        trustsTheFirst.put("spring.datasource.password", own.password());
        trustsTheFirst.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", origin());
        trustsTheFirst.put("spring.security.oauth2.resourceserver.jwt.audiences", fhirBase());
        external = StandaloneServer.start(trustsTheFirst);
    }

    @AfterAll
    void stop() {
        if (external != null) {
            external.close();
        }
    }

    @Test
    void aTokenFromOneServerIsAcceptedByTheOther() throws Exception {
        String token = Tokens.backend(origin(), Tokens.FULL);
        HttpResponse<String> read = get(second.origin() + "/fhir/Patient?_count=1", token);

        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    }

    @Test
    void aBackendAssertionRacedToBothServersWorksOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String assertion = Tokens.assertion(origin(), TestClinic.BACKEND, TestClinic.BACKEND_KEY, Map.of());
            List<TokenResponse> answers = race(
                    () -> Tokens.clientCredentials(
                            origin(), TestClinic.BACKEND, TestClinic.BACKEND_KEY, "system/Patient.rs", assertion),
                    () -> Tokens.clientCredentials(
                            second.origin(),
                            TestClinic.BACKEND,
                            TestClinic.BACKEND_KEY,
                            "system/Patient.rs",
                            assertion));

            assertThat(answers.stream().filter(a -> a.status() == 200))
                    .as("round " + round + ": " + answers)
                    .hasSize(1);
            assertThat(answers.stream().filter(a -> a.status() != 200))
                    .allSatisfy(a -> assertThat(a.json().get("error").asText()).isEqualTo("invalid_client"));
        }
    }

    @Test
    void aRefreshTokenRacedToBothServersIsExchangedOnce() throws Exception {
        for (int round = 0; round < ROUNDS / 2; round++) {
            String refresh = AuthorizationCodeFlow.login(
                            origin(),
                            TestClinic.PATIENT_USER,
                            "launch/patient openid patient/*.rs offline_access",
                            Map.of())
                    .json()
                    .get("refresh_token")
                    .asText();
            List<TokenResponse> answers = race(
                    () -> Tokens.post(
                            origin() + "/oauth2/token",
                            Map.of("grant_type", "refresh_token", "refresh_token", refresh)),
                    () -> Tokens.post(
                            second.origin() + "/oauth2/token",
                            Map.of("grant_type", "refresh_token", "refresh_token", refresh)));

            assertThat(answers.stream().filter(a -> a.status() == 200))
                    .as("round " + round + ": " + answers)
                    .hasSize(1);
        }
    }

    @Test
    void withAnExternalIssuerOnlyItsTokensAreTrustedAndNoAuthorizationServerRuns() throws Exception {
        String token = Tokens.backend(origin(), Tokens.FULL);

        assertThat(get(external.origin() + "/fhir/Patient?_count=1", token).statusCode())
                .isEqualTo(200);
        assertThat(get(external.origin() + "/fhir/Patient?_count=1", null).statusCode())
                .isEqualTo(401);
        HttpResponse<String> ownTokenEndpoint = http.send(
                HttpRequest.newBuilder(URI.create(external.origin() + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ownTokenEndpoint.statusCode())
                .as("no embedded authorization server")
                .isIn(403, 404, 405);
        assertThat(ownTokenEndpoint.body()).doesNotContain("access_token");

        JsonNode smart = new ObjectMapper()
                .readTree(get(external.origin() + "/fhir/.well-known/smart-configuration", null)
                        .body());
        assertThat(smart.get("issuer").asText()).isEqualTo(origin());
        assertThat(smart.get("token_endpoint").asText()).isEqualTo(origin() + "/oauth2/token");
        assertThat(smart.get("authorization_endpoint").asText()).isEqualTo(origin() + "/oauth2/authorize");
        CapabilityStatement metadata = FHIR.newRestfulGenericClient(external.fhirBase())
                .capabilities()
                .ofType(CapabilityStatement.class)
                .execute();
        assertThat(metadata.getRestFirstRep()
                        .getSecurity()
                        .getExtensionFirstRep()
                        .getExtensionByUrl("token")
                        .getValue()
                        .primitiveValue())
                .isEqualTo(origin() + "/oauth2/token");
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts both calls at the same moment and waits for both answers. */
    @SafeVarargs
    private static List<TokenResponse> race(Supplier<TokenResponse>... calls) {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<TokenResponse>> running = new ArrayList<>();
        for (Supplier<TokenResponse> call : calls) {
            running.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return call.get();
            }));
        }
        start.countDown();
        return running.stream().map(CompletableFuture::join).toList();
    }
}
