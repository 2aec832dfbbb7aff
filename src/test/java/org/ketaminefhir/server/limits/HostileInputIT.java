package org.ketaminefhir.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.MalformedBodies;
import org.ketaminefhir.server.support.TestDatabases;

/**
 * What a hostile or broken client may send, over HTTP: the request limits (ketamine.limits, defaults) and a generated
 * corpus of malformed bodies. Every one is refused with a 4xx and an OperationOutcome, nothing is stored, and the server
 * answers normally afterwards.
 */
class HostileInputIT extends FhirServerTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int MAX_BODY = 10 * 1024 * 1024;

    @Test
    void aCorpusOfMalformedBodiesIsRefusedWithout5xxAndStoresNothing() throws Exception {
        List<MalformedBodies.Body> corpus = MalformedBodies.corpus(1000, 20261130L);
        long rowsBefore = storedRows();
        Map<String, Map<Integer, Integer>> statusesByKind = new TreeMap<>();
        List<String> failures = new ArrayList<>();

        for (MalformedBodies.Body body : corpus) {
            HttpResponse<String> answer = HTTP.send(
                    request(body.path())
                            .header("Content-Type", body.contentType())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            statusesByKind
                    .computeIfAbsent(body.kind(), k -> new TreeMap<>())
                    .merge(answer.statusCode(), 1, Integer::sum);
            if (answer.statusCode() < 400 || answer.statusCode() >= 500 || !isOperationOutcome(answer)) {
                failures.add(body + " -> " + answer.statusCode() + " " + abbreviate(answer.body()));
            }
        }

        System.out.println("Malformed bodies by kind and status: " + statusesByKind);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(statusesByKind).hasSizeGreaterThanOrEqualTo(20);
        assertThat(failures).isEmpty();
        assertThat(storedRows()).isEqualTo(rowsBefore);
        assertTheServerAnswersNormally();
    }

    @Test
    void theKindsThatMustBe400AreAnswered400() throws Exception {
        Map<String, Integer> expected = Map.of(
                "INVALID_UTF8",
                400,
                "LATIN1_ENCODED",
                400,
                "DUPLICATE_KEY",
                400,
                "DUPLICATE_NESTED_KEY",
                400,
                "EXPONENT_OUT_OF_RANGE",
                400,
                "INTEGER_OUT_OF_RANGE",
                400,
                "XML_EXTERNAL_ENTITY",
                400,
                "XML_ENTITY_EXPANSION",
                400,
                "XML_SENT_AS_JSON",
                400,
                "JSON_SENT_AS_XML",
                400);
        for (MalformedBodies.Body body : MalformedBodies.corpus(300, 7L)) {
            Integer status = expected.get(body.kind());
            if (status != null) {
                HttpResponse<String> answer = HTTP.send(
                        request(body.path())
                                .header("Content-Type", body.contentType())
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(body + ": " + answer.body()).isEqualTo(status);
            }
        }
    }

    @Test
    void aBodyOverTheSizeLimitIsAnswered413AndTheClientReceivesIt() throws Exception {
        byte[] body = ("{\"resourceType\":\"Basic\",\"_pad\":\"" + "x".repeat(MAX_BODY) + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> withLength = HTTP.send(
                request("/Basic")
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = HTTP.send(
                request("/Basic")
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> answer : List.of(withLength, chunked)) {
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(diagnostics(answer)).contains("larger than 10485760 bytes");
        }
    }

    @Test
    void aBundleOfTheMostEntriesIsAcceptedAndOneMoreIsRefused() throws Exception {
        String tag = "limit-" + UUID.randomUUID();

        HttpResponse<String> atLimit = post("", batchOfBasics(1000, tag));
        HttpResponse<String> overLimit = post("", batchOfBasics(1001, tag + "-over"));

        assertThat(atLimit.statusCode()).as(abbreviate(atLimit.body())).isEqualTo(200);
        assertThat(FHIR.newJsonParser()
                        .parseResource(Bundle.class, atLimit.body())
                        .getEntry())
                .hasSize(1000)
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        assertThat(overLimit.statusCode()).isEqualTo(413);
        assertThat(diagnostics(overLimit)).contains("more than 1000 entries");
        assertThat(count("/Basic?code=" + tag + "-over")).isZero();
    }

    @Test
    void tooManyIncludesAreRefusedAndACountOverTheMaximumIsClamped() throws Exception {
        String includes = "&_include=Observation:subject".repeat(11);

        HttpResponse<String> tooMany = HTTP.send(
                request("/Observation?_count=1" + includes).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tenAreFine = HTTP.send(
                request("/Observation?_count=1" + includes.substring(29)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> hugeCount =
                HTTP.send(request("/Observation?_count=100000").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(diagnostics(tooMany)).contains("11 _include / _revinclude parameters");
        assertThat(tenAreFine.statusCode()).isEqualTo(200);
        assertThat(hugeCount.statusCode()).isEqualTo(200);
        assertThat(FHIR.newJsonParser()
                        .parseResource(Bundle.class, hugeCount.body())
                        .getEntry())
                .hasSizeLessThanOrEqualTo(200);
    }

    private void assertTheServerAnswersNormally() throws Exception {
        HttpResponse<String> created =
                post("/Basic", "{\"resourceType\":\"Basic\",\"code\":{\"text\":\"after the corpus\"}}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(HTTP.send(request("/metadata").GET().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(
                request(path)
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int count(String search) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                request(search + "&_summary=count")
                        .header("Cache-Control", "no-cache")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return FHIR.newJsonParser().parseResource(Bundle.class, answer.body()).getTotal();
    }

    private static String batchOfBasics(int entries, String code) {
        StringBuilder json = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[");
        for (int i = 0; i < entries; i++) {
            json.append(i == 0 ? "" : ",")
                    .append("{\"resource\":{\"resourceType\":\"Basic\",\"code\":{\"coding\":[{\"code\":\"")
                    .append(code)
                    .append("\"}]}},\"request\":{\"method\":\"POST\",\"url\":\"Basic\"}}");
        }
        return json.append("]}").toString();
    }

    /** Resources and versions in HAPI's tables (the audit trail is elsewhere). */
    private static long storedRows() throws Exception {
        TestDatabases.TestDatabase db = TestDatabases.shared();
        try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select (select count(*) from hfj_resource) + (select count(*) from hfj_res_ver)")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static boolean isOperationOutcome(HttpResponse<String> answer) {
        try {
            return !FHIR.newJsonParser()
                    .parseResource(OperationOutcome.class, answer.body())
                    .getIssue()
                    .isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String diagnostics(HttpResponse<String> answer) {
        return FHIR.newJsonParser()
                .parseResource(OperationOutcome.class, answer.body())
                .getIssueFirstRep()
                .getDiagnostics();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
