package org.ketaminefhir.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.ketaminefhir.server.KetamineFhirServerApplication;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that talk to the running server: one server on a random port and one PostgreSQL database, shared
 * by every test class that extends this (Spring caches the context), reached over HTTP with HAPI's generic client.
 */
@SpringBootTest(
        classes = KetamineFhirServerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability // metrics are exported as in production (Spring's tests turn them off otherwise)
public abstract class FhirServerTestBase {

    public static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
    }

    /** Second servers on the shared database, by the public address they answer for (see {@link #secondServer()}). */
    private static final java.util.Map<String, StandaloneServer> SECOND_SERVERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void sharedPostgres(DynamicPropertyRegistry registry) {
        TestDatabases.TestDatabase db = TestDatabases.shared();
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", db::password);
        TestClinic.properties().forEach((key, value) -> registry.add(key, () -> value));
    }

    protected String origin() {
        return "http://localhost:" + port;
    }

    protected String fhirBase() {
        return origin() + "/fhir";
    }

    /**
     * A second server process on the same database, answering for the same public address as this one (as two servers
     * behind a load balancer would), so that it accepts this server's tokens. Started once and shared by the test classes.
     */
    protected StandaloneServer secondServer() {
        return SECOND_SERVERS.computeIfAbsent(fhirBase(), address -> {
            TestDatabases.TestDatabase db = TestDatabases.shared();
            StandaloneServer server = StandaloneServer.start(java.util.Map.of(
                    "spring.datasource.url", db.url(),
                    "spring.datasource.username", db.user(),
                    "spring.datasource.password", db.password(),
                    "hapi.fhir.server-address", address));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        });
    }

    /** A backend-services token with every system scope, the audit trail and the sensitive-data scope. */
    protected String token() {
        return Tokens.backend(origin(), Tokens.FULL);
    }

    /** HAPI's generic client, sending {@link #token()}. */
    protected IGenericClient client() {
        return client(token());
    }

    protected IGenericClient client(String accessToken) {
        IGenericClient client = FHIR.newRestfulGenericClient(fhirBase());
        client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        return client;
    }

    /** Sends a request to a path under the FHIR base with this access token and a FHIR JSON body (or none). */
    protected HttpResponse<String> send(String method, String path, String accessToken, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + path))
                        .header("Authorization", "Bearer " + accessToken)
                        .header("Content-Type", "application/fhir+json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request to a path under the FHIR base, carrying {@link #token()}. */
    protected HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(fhirBase() + path)).header("Authorization", "Bearer " + token());
    }
}
