package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * The server's extraction follows the Questionnaire: for every example QuestionnaireResponse of the IG, the server's
 * {@code $extract} yields the same Observations as an independent SDC engine, {@code @aehrc/sdc-template-extract} (the
 * Node harness in {@code src/test/sdc-extract}, installed by {@code npm ci} as scripts/test does), compared as JSON
 * regardless of order, ids, fullUrls, meta.versionId and meta.lastUpdated.
 */
class SdcEngineAgreementIT extends FhirServerTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path RESOURCES = Path.of(System.getProperty("ig.resources", "ig/fsh-generated/resources"));
    private static final Path HARNESS = Path.of(System.getProperty("sdc.extract.dir", "src/test/sdc-extract"));

    @Test
    void theServerAndTheIndependentEngineExtractTheSameFromEveryExampleResponse() throws Exception {
        List<Path> examples;
        try (Stream<Path> files = Files.list(RESOURCES)) {
            examples = files.filter(p -> p.getFileName().toString().startsWith("QuestionnaireResponse-"))
                    .sorted()
                    .toList();
        }
        assertThat(examples).as("the IG's example responses").isNotEmpty();
        assertThat(HARNESS.resolve("node_modules/@aehrc/sdc-template-extract"))
                .as("the Node harness: run npm ci in " + HARNESS)
                .exists();

        ArrayNode cases = JSON.createArrayNode();
        for (Path example : examples) {
            JsonNode response = JSON.readTree(example.toFile());
            String canonical = response.path("questionnaire").asText();
            String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
            Path questionnaire =
                    RESOURCES.resolve("Questionnaire-" + url.substring(url.lastIndexOf('/') + 1) + ".json");
            ObjectNode one = JSON.createObjectNode();
            one.set("questionnaire", JSON.readTree(questionnaire.toFile()));
            one.set("response", response);
            cases.add(one);
        }
        Path input = Files.createTempFile("sdc-cases", ".json");
        Files.writeString(input, JSON.writeValueAsString(cases), StandardCharsets.UTF_8);
        Process node = new ProcessBuilder("node", HARNESS.resolve("extract.mjs").toString(), input.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] out = node.getInputStream().readAllBytes();
        assertThat(node.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue())
                .as("the Node engine extracts every example")
                .isZero();
        JsonNode independent = JSON.readTree(out);

        for (int i = 0; i < examples.size(); i++) {
            QuestionnaireResponse response =
                    FHIR.newJsonParser().parseResource(QuestionnaireResponse.class, Files.readString(examples.get(i)));
            Parameters in = new Parameters();
            in.addParameter().setName("questionnaire-response").setResource(response);
            Bundle extracted = client().operation()
                    .onType(QuestionnaireResponse.class)
                    .named("$extract")
                    .withParameters(in)
                    .returnResourceType(Bundle.class)
                    .execute();
            List<JsonNode> server = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : extracted.getEntry()) {
                server.add(normal(JSON.readTree(FHIR.newJsonParser().encodeResourceToString(entry.getResource()))));
            }
            List<JsonNode> other = new ArrayList<>();
            independent.get(i).forEach(resource -> other.add(normal(resource.deepCopy())));
            assertThat(server)
                    .as(examples.get(i).getFileName().toString())
                    .isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(other);
        }
    }

    /** Without what a store assigns: id, meta.versionId, meta.lastUpdated (and meta itself when left empty). */
    private static JsonNode normal(JsonNode resource) {
        ObjectNode object = (ObjectNode) resource;
        object.remove("id");
        if (object.get("meta") instanceof ObjectNode meta) {
            meta.remove("versionId");
            meta.remove("lastUpdated");
            if (meta.isEmpty()) {
                object.remove("meta");
            }
        }
        return object;
    }
}
