package org.ketaminefhir.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.server.docs.MarkdownPage.CodeBlock;
import org.ketaminefhir.server.docs.MarkdownPage.Kind;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestDatabases;

/**
 * The runnable code blocks of the README and docs/ ({@code <!-- run -->}) run with bash against a real server on
 * PostgreSQL, and show what they promise. The other checks of the docs are {@link DocsTest}'s (unit tier).
 */
class DocsRunIT {

    /**
     * Every runnable block, run with bash against a server of its own on PostgreSQL with the demo clinic and its demo
     * data (the README's embedded default, on the database a clinic uses), from a folder holding the server's data
     * folder, {@code scripts/} and a copy of {@code docs/}, with {@value DocsTest#EXAMPLE_ORIGIN} replaced by its address. The
     * server allows the Subscriptions example's rest-hook endpoint and trusts the CDS Hooks example's EHR, whose JWKS
     * (the demo key's public half, from {@code scripts/cds-call jwks}) this test serves.
     */
    @Test
    void theRunnableBlocksRunAgainstARealServer(@TempDir Path dir) throws Exception {
        List<MarkdownPage.CodeBlock> runnable = new ArrayList<>();
        Map<CodeBlock, Path> files = new LinkedHashMap<>();
        for (MarkdownPage page : DocsTest.pages()) {
            page.blocks().stream().filter(block -> block.kind() == Kind.RUN).forEach(block -> {
                runnable.add(block);
                files.put(block, page.file());
            });
        }
        assertThat(files.values())
                .as("pages with runnable blocks")
                .contains(DocsTest.ROOT.resolve("README.md"), DocsTest.ROOT.resolve("docs/exchange.md"));

        AtomicReference<byte[]> jwks = new AtomicReference<>(new byte[0]);
        HttpServer ehrKeys = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ehrKeys.createContext("/jwks.json", exchange -> {
            byte[] body = jwks.get();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        ehrKeys.start();
        TestDatabases.TestDatabase db = TestDatabases.create();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", db.url());
        settings.put("spring.datasource.username", db.user());
        settings.put("spring.datasource.password", db.password());
        settings.put("ketamine.data-dir", dir.resolve("data").toString());
        settings.put("ketamine.security.demo.enabled", "true");
        settings.put("ketamine.demo-data", "true");
        settings.put("ketamine.subscriptions.allowed-endpoints", "http://127.0.0.1:9100/");
        settings.put("ketamine.cds.trusted-clients[1].issuer", "local-ehr");
        settings.put(
                "ketamine.cds.trusted-clients[1].jwks-url",
                "http://127.0.0.1:" + ehrKeys.getAddress().getPort() + "/jwks.json");
        settings.put("ketamine.cds.require-https-fhir-server", "false");
        try (StandaloneServer server = StandaloneServer.start(settings)) {
            DocsTest.copyReplacingOrigin(DocsTest.ROOT.resolve("scripts"), dir.resolve("scripts"), server.origin());
            DocsTest.copyReplacingOrigin(DocsTest.ROOT.resolve("docs"), dir.resolve("docs"), server.origin());
            jwks.set(DocsTest.runScript(dir, server.origin(), "scripts/cds-call jwks")
                    .getBytes(StandardCharsets.UTF_8));

            List<String> problems = new ArrayList<>();
            for (CodeBlock block : runnable) {
                for (String problem : DocsTest.run(block, dir, server.origin())) {
                    problems.add(DocsTest.ROOT.relativize(files.get(block)) + ":" + block.line() + ": " + problem);
                }
            }
            assertThat(problems).isEmpty();
        } finally {
            ehrKeys.stop(0);
            TestDatabases.drop(db);
        }
    }
}
