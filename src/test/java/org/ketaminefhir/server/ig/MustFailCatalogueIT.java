package org.ketaminefhir.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.api.SummaryEnum;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;

/**
 * The must-fail catalogue (src/test/resources/must-fail/catalogue.json): each entry is a valid IG example broken on
 * purpose by a JSON Patch (RFC 6902). Posting it must be refused with 422, with an error that names the rule or element
 * the entry expects, at the element it expects, and nothing may be stored.
 */
class MustFailCatalogueIT extends FhirServerTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static boolean journeyLoaded;

    record Entry(String name, String profile, String base, String why, JsonNode patch, String expect, String element) {}

    static List<Entry> catalogue() throws Exception {
        try (InputStream in = MustFailCatalogueIT.class.getResourceAsStream("/must-fail/catalogue.json")) {
            List<Entry> entries = new ArrayList<>();
            for (JsonNode node : JSON.readTree(in)) {
                entries.add(new Entry(
                        node.path("name").asText(),
                        node.path("profile").asText(),
                        node.path("base").asText(),
                        node.path("why").asText(),
                        node.path("patch"),
                        node.path("expect").asText(),
                        node.path("element").asText()));
            }
            return entries;
        }
    }

    @BeforeEach
    void loadTheJourneySoThatReferencesResolve() {
        if (!journeyLoaded) {
            client().transaction()
                    .withBundle(IgExamples.journeyTransaction(FHIR))
                    .execute();
            journeyLoaded = true;
        }
    }

    @Test
    void theCatalogueHasAtLeast25EntriesAndCoversEveryProfile() throws Exception {
        List<Entry> entries = catalogue();
        Set<String> covered = new TreeSet<>();
        entries.forEach(e -> covered.add(e.profile()));
        Set<String> profiles = new TreeSet<>();
        ImplementationGuidePackage.fromClasspath(FHIR)
                .profileUrlsByType()
                .values()
                .forEach(urls -> urls.forEach(url -> profiles.add(url.substring(url.lastIndexOf('/') + 1))));

        assertThat(entries).hasSizeGreaterThanOrEqualTo(25);
        assertThat(profiles).hasSize(14);
        assertThat(covered).containsAll(profiles).contains("policy");
        assertThat(entries.stream().map(Entry::name).distinct()).hasSameSizeAs(entries);
    }

    @TestFactory
    Stream<DynamicTest> everyBrokenInstanceIsRefusedForItsReason() throws Exception {
        return catalogue().stream()
                .map(entry -> DynamicTest.dynamicTest(entry.name() + " (" + entry.why() + ")", () -> {
                    String[] base = entry.base().split("/");
                    JsonNode broken = JsonPatch.apply(
                            entry.patch(),
                            JSON.readTree(IgExamples.get(base[0], base[1]).json()));
                    ((ObjectNode) broken).remove("id");
                    int before = count(base[0]);

                    HttpResponse<String> response = http.send(
                            request("/" + base[0])
                                    .header("Content-Type", "application/fhir+json")
                                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(broken)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

                    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
                    OperationOutcome outcome =
                            FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
                    assertThat(outcome.getIssue())
                            .as("an error naming '%s' at '%s' in %s", entry.expect(), entry.element(), response.body())
                            .anySatisfy(issue -> {
                                assertThat(issue.getSeverity())
                                        .isIn(
                                                OperationOutcome.IssueSeverity.ERROR,
                                                OperationOutcome.IssueSeverity.FATAL);
                                assertThat(issue.getDiagnostics()).contains(entry.expect());
                                assertThat(Stream.concat(issue.getLocation().stream(), issue.getExpression().stream())
                                                .map(Object::toString))
                                        .anySatisfy(
                                                location -> assertThat(location).startsWith(entry.element()));
                            });
                    assertThat(count(base[0])).as("nothing stored").isEqualTo(before);
                }));
    }

    private int count(String resourceType) {
        return client().search()
                .forResource(resourceType)
                .summaryMode(SummaryEnum.COUNT)
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }
}
