package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * Generic write races over HTTP, 50 requests at once: optimistic locking with If-Match, conditional create and
 * update-as-create. The clinical rules' own races are in {@code ConcurrentSessionsIT}.
 */
class ConcurrentWritesIT extends FhirServerTestBase {

    private static final int CLIENTS = 50;
    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
    private static final ExecutorService CALLERS = Executors.newFixedThreadPool(CLIENTS);

    @AfterAll
    static void stopCallers() {
        CALLERS.shutdownNow();
    }

    @Test
    void fiftyUpdatesWithTheSameIfMatchHaveOneWinnerPerRoundAndTheOthersGet412() throws Exception {
        String family = "Race" + suffix();
        String id = created(send("POST", "/Patient", token(), patientJson(null, family, "round0")))
                .split("/")[1];

        for (int round = 1; round <= 3; round++) {
            int expectedVersion = round;
            String body = patientJson(id, family, "round" + round);
            List<HttpResponse<String>> answers = race(i -> request("/Patient/" + id)
                    .header("Content-Type", "application/fhir+json")
                    .header("If-Match", "W/\"" + expectedVersion + "\"")
                    .PUT(HttpRequest.BodyPublishers.ofString(
                            body.replace("\"round" + expectedVersion, "\"round" + expectedVersion + "-" + i)))
                    .build());

            Map<Integer, Long> statuses = countByStatus(answers);
            assertThat(statuses)
                    .as("round %d", round)
                    .containsEntry(200, 1L)
                    .containsEntry(412, (long) CLIENTS - 1)
                    .hasSize(2);
            answers.stream()
                    .filter(a -> a.statusCode() == 412)
                    .forEach(ConcurrentWritesIT::assertCleanOperationOutcome);

            // Plain _history, no _since and no cache bypass: a clinician auditing the record sees every version at
            // once.
            Bundle history = FHIR.newJsonParser()
                    .parseResource(
                            Bundle.class,
                            send("GET", "/Patient/" + id + "/_history", token(), null)
                                    .body());
            assertThat(history.getTotal())
                    .as("history total after round %d", round)
                    .isEqualTo(round + 1);
            assertThat(history.getEntry()).hasSize(round + 1);
        }
    }

    @Test
    void fiftyConditionalCreatesWithOneIdentifierStoreOneResourceAndEveryLoserGetsIt() throws Exception {
        String mrn = "MRN-" + suffix();
        String body = """
				{"resourceType":"Patient","identifier":[{"system":"%s","value":"%s"}],"name":[{"family":"Conditional"}]}""".formatted(MRN_SYSTEM, mrn);

        List<HttpResponse<String>> answers = race(i -> request("/Patient")
                .header("Content-Type", "application/fhir+json")
                .header("If-None-Exist", "identifier=" + MRN_SYSTEM + "|" + mrn)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());

        Map<Integer, Long> statuses = countByStatus(answers);
        assertThat(statuses)
                .containsEntry(201, 1L)
                .containsEntry(200, (long) CLIENTS - 1)
                .hasSize(2);
        String winner = answers.stream()
                .filter(a -> a.statusCode() == 201)
                .findFirst()
                .map(ConcurrentWritesIT::location)
                .orElseThrow();
        assertThat(answers).allSatisfy(a -> assertThat(location(a)).isEqualTo(winner));
        Bundle matches = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        send(
                                        "GET",
                                        "/Patient?identifier=" + MRN_SYSTEM + "%7C" + mrn + "&_total=accurate",
                                        token(),
                                        null)
                                .body());
        assertThat(matches.getTotal()).isEqualTo(1);
    }

    @Test
    void fiftyPutAsCreateToOneIdStoreOneResourceAtVersionOne() throws Exception {
        String id = "race-" + suffix();
        String body = patientJson(id, "PutRace", "one");

        List<HttpResponse<String>> answers = race(i -> request("/Patient/" + id)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());

        assertThat(answers)
                .allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isIn(200, 201));
        assertThat(countByStatus(answers)).containsEntry(201, 1L);
        Patient stored = FHIR.newJsonParser()
                .parseResource(
                        Patient.class,
                        send("GET", "/Patient/" + id, token(), null).body());
        assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
        Bundle history = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        send("GET", "/Patient/" + id + "/_history", token(), null)
                                .body());
        assertThat(history.getEntry()).hasSize(1);
    }

    /** Sends 50 requests released at the same moment and returns every answer. */
    private List<HttpResponse<String>> race(IntFunction<HttpRequest> requests) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            HttpRequest request = requests.apply(i);
            Callable<HttpResponse<String>> call = () -> {
                start.await();
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            };
            pending.add(CALLERS.submit(call));
        }
        start.countDown();
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : pending) {
            answers.add(answer.get());
        }
        assertThat(answers).noneSatisfy(a -> assertThat(a.statusCode()).isGreaterThanOrEqualTo(500));
        return answers;
    }

    static void assertCleanOperationOutcome(HttpResponse<String> answer) {
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
        String diagnostics = outcome.getIssueFirstRep().getDiagnostics();
        assertThat(diagnostics).isNotBlank();
        assertThat(answer.body())
                .doesNotContainIgnoringCase("insert into")
                .doesNotContainIgnoringCase("update hfj")
                .doesNotContainIgnoringCase("sql")
                .doesNotContain("Exception")
                .doesNotContain("org.hibernate")
                .doesNotContain("ca.uhn")
                .doesNotContain("\tat ");
    }

    private static Map<Integer, Long> countByStatus(List<HttpResponse<String>> answers) {
        return answers.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
    }

    private static String location(HttpResponse<String> answer) {
        return answer.headers()
                .firstValue("Location")
                .or(() -> answer.headers().firstValue("Content-Location"))
                .map(l -> l.replaceAll(".*/fhir/", "").replaceAll("/_history/.*", ""))
                .orElseThrow(() -> new AssertionError("no Location in " + answer.statusCode() + " " + answer.body()));
    }

    private static String created(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return location(answer);
    }

    private static String patientJson(String id, String family, String given) {
        return """
				{"resourceType":"Patient",%s"name":[{"family":"%s","given":["%s"]}]}""".formatted(id == null ? "" : "\"id\":\"" + id + "\",", family, given);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
