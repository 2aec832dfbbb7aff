package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * Rules that read the patient's other records hold when writes race: pairs of sessions one hour apart for one patient
 * (inside the 48-hour minimum interval), each pair sent at the same moment, to one server and to two servers on one
 * database. Exactly one session of each pair may be stored; the other is refused with the interval rule.
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class ConcurrentSessionsIT extends FhirServerTestBase {

    private static final int PAIRS = 20;
    private static final Instant MONDAY = Instant.parse("2026-01-05T09:00:00Z");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private record Patient(String id, String plan, String encounter) {}

    private final List<Patient> patients = new ArrayList<>();

    /**
     * Twenty screened patients with a plan, written through both servers in turn (which also warms the second server
     * up, so that the pairs really race). Each race uses its own week, so the two races can share them.
     */
    @BeforeAll
    void twentyScreenedPatients() {
        List<ClinicFixtures> writers = List.of(
                new ClinicFixtures(clientAt(fhirBase())),
                new ClinicFixtures(clientAt(secondServer().fhirBase())));
        for (int i = 0; i < PAIRS; i++) {
            ClinicFixtures clinic = writers.get(i % 2);
            String patient = clinic.patient();
            clinic.decidedScreening(patient, "2026-01-02T11:00:00Z", "eligible");
            patients.add(new Patient(
                    patient,
                    clinic.plan(patient),
                    clinic.encounter(patient, MONDAY.minusSeconds(900), MONDAY.plus(Duration.ofDays(8)))));
        }
    }

    @Test
    void twentyRacedPairsAtOneServerStoreOneSessionEach() throws Exception {
        race(MONDAY, fhirBase(), fhirBase());
    }

    @Test
    void twentyRacedPairsAtTwoServersOnOneDatabaseStoreOneSessionEach() throws Exception {
        race(MONDAY.plus(Duration.ofDays(7)), fhirBase(), secondServer().fhirBase());
    }

    /** For each patient, a session at {@code start} to one server and one an hour later to the other, at once. */
    private void race(Instant start, String oneServer, String otherServer) throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String token = token();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2 * PAIRS);
        try {
            List<Future<HttpResponse<String>>> firsts = new ArrayList<>();
            List<Future<HttpResponse<String>>> seconds = new ArrayList<>();
            for (Patient p : patients) {
                String first = FHIR.newJsonParser()
                        .encodeResourceToString(
                                clinic.ivSession(p.id(), p.plan(), p.encounter(), start, new BigDecimal("0.5")));
                String second = FHIR.newJsonParser()
                        .encodeResourceToString(clinic.ivSession(
                                p.id(),
                                p.plan(),
                                p.encounter(),
                                start.plus(Duration.ofHours(1)),
                                new BigDecimal("0.5")));
                firsts.add(threads.submit(() -> post(go, oneServer, token, first)));
                seconds.add(threads.submit(() -> post(go, otherServer, token, second)));
            }
            go.countDown();
            for (int i = 0; i < PAIRS; i++) {
                HttpResponse<String> a = firsts.get(i).get();
                HttpResponse<String> b = seconds.get(i).get();
                String pair = "pair " + i + ": " + a.statusCode() + " and " + b.statusCode();
                assertThat(List.of(a.statusCode(), b.statusCode())).as(pair).containsExactlyInAnyOrder(201, 422);
                assertThat((a.statusCode() == 422 ? a : b).body()).as(pair).contains("SESSION-MIN-INTERVAL");
                assertThat(storedSessions(patients.get(i).id(), start)).as(pair).isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static HttpResponse<String> post(CountDownLatch go, String base, String token, String session)
            throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/MedicationAdministration"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(session))
                .timeout(Duration.ofSeconds(60))
                .build();
        go.await();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private ca.uhn.fhir.rest.client.api.IGenericClient clientAt(String base) {
        ca.uhn.fhir.rest.client.api.IGenericClient client = FHIR.newRestfulGenericClient(base);
        client.registerInterceptor(new ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor(token()));
        return client;
    }

    /** Sessions of the patient in the race's week. */
    private int storedSessions(String patient, Instant start) {
        return client().search()
                .byUrl("MedicationAdministration?subject=" + patient + "&effective-time=ge" + start.minusSeconds(1)
                        + "&effective-time=le" + start.plus(Duration.ofDays(1)))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .size();
    }
}
