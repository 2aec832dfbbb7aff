package org.ketaminefhir.server.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ketaminefhir.server.KetamineFhirServerApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A server of its own, started and stopped by the test (for first-boot and restart tests), on a random port, with the
 * given settings as command-line arguments: the same path a user's {@code --key=value} or environment takes.
 */
public final class StandaloneServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private StandaloneServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static StandaloneServer start(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        Map<String, String> all = new java.util.LinkedHashMap<>(TestClinic.properties());
        all.put("server.port", "0");
        all.putAll(settings);
        all.forEach((key, value) -> args.add("--" + key + "=" + value));
        StandaloneServer server = new StandaloneServer(
                new SpringApplicationBuilder(KetamineFhirServerApplication.class).run(args.toArray(String[]::new)));
        // A server that had this port before (another database, other signing keys) left tokens in the cache.
        Tokens.forget(server.origin());
        return server;
    }

    public static StandaloneServer onPostgres(TestDatabases.TestDatabase db) {
        return start(Map.of(
                "spring.datasource.url", db.url(),
                "spring.datasource.username", db.user(),
                "spring.datasource.password", db.password()));
    }

    public int port() {
        return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }

    public String origin() {
        return "http://localhost:" + port();
    }

    public String fhirBase() {
        return origin() + "/fhir";
    }

    public String token() {
        return Tokens.backend(origin(), Tokens.FULL);
    }

    public IGenericClient client() {
        IGenericClient client = FhirServerTestBase.FHIR.newRestfulGenericClient(fhirBase());
        client.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor(token()));
        return client;
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
