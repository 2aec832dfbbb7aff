package org.ketaminefhir.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CDS Hooks responses a test class received, checked at its end against the CDS Hooks JSON schemas of the npm
 * package {@code cds-validator} with the CDS Hooks 2.0 supplement (the Node harness in {@code src/test/cds-schemas}),
 * in one Node run for all of them. Every 2xx answer of the discovery endpoint and of a service is checked (CDS Hooks
 * gives error answers no body format); each is also kept in {@code target/cds-responses/<suite>/}.
 */
public final class CdsResponses {

    /** The kinds of CDS Hooks answer, by the schema that applies. */
    public enum Kind {
        DISCOVERY,
        SERVICE
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NodeHarness HARNESS = new NodeHarness("cds-schemas", "validate.mjs");

    private final String suite;
    private final List<ObjectNode> received = new ArrayList<>();
    private int skipped;

    public CdsResponses(String suite) {
        this.suite = suite;
    }

    /** Keeps an answer for the check (a 2xx one; others are only counted). */
    public synchronized void received(Kind kind, String name, HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            skipped++;
            return;
        }
        received(kind, name, response.body());
    }

    /** Keeps a body for the check. */
    public synchronized void received(Kind kind, String name, String body) {
        ObjectNode one = JSON.createObjectNode();
        one.put("name", String.format("%03d-%s", received.size() + 1, name.replaceAll("[^A-Za-z0-9-]+", "-")));
        one.put("kind", kind == Kind.DISCOVERY ? "discovery" : "service");
        one.put("body", body);
        received.add(one);
    }

    /**
     * Checks every answer kept so far against the schemas, in one Node run, and fails listing each violation. Returns
     * how many answers were checked.
     */
    public synchronized int assertAllConform() {
        if (received.isEmpty()) {
            return 0;
        }
        HARNESS.assertInstalled("cds-validator", "jsonschema");
        keep();
        ArrayNode input = JSON.createArrayNode();
        received.forEach(input::add);
        JsonNode results = HARNESS.run(input);
        List<String> violations = new ArrayList<>();
        int forgiven = 0;
        for (JsonNode result : results) {
            String name = result.path("name").asText();
            result.path("violations").forEach(v -> violations.add(name + ": " + v.asText()));
            forgiven += result.path("forgiven").size();
        }
        System.out.printf(
                "CDS Hooks schemas (%s): %d answers checked, %d error answers without a body format, %d complaints of"
                        + " cds-validator's pre-1.0 schemas forgiven as CDS Hooks 2.0 changes, %d violations%n",
                suite, received.size(), skipped, forgiven, violations.size());
        if (results.size() != received.size()) {
            throw new AssertionError("the schema check answered for " + results.size() + " of " + received.size());
        }
        if (!violations.isEmpty()) {
            throw new AssertionError("CDS Hooks answers that break the CDS Hooks JSON schemas (bodies in "
                    + folder().toAbsolutePath() + "):\n  " + String.join("\n  ", violations));
        }
        return received.size();
    }

    private Path folder() {
        return Path.of("target", "cds-responses", suite);
    }

    private void keep() {
        try {
            Files.createDirectories(folder());
            for (ObjectNode one : received) {
                Files.writeString(
                        folder().resolve(one.path("name").asText() + ".json"),
                        one.path("body").asText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
