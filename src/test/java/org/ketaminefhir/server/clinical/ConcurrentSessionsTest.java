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
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * Rules that read the patient's other records hold when writes race: pairs of sessions one hour apart for one patient
 * (inside the 48-hour minimum interval), each pair sent at the same moment, to one server and to two servers on one
 * database. Exactly one session of each pair may be stored; the other is refused with the interval rule.
 */
class ConcurrentSessionsTest extends FhirServerTestBase {

	private static final int PAIRS = 20;
	private static final Instant MONDAY = Instant.parse("2026-01-05T09:00:00Z");
	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	@Test
	void twentyRacedPairsAtOneServerStoreOneSessionEach() throws Exception {
		race(fhirBase(), fhirBase());
	}

	@Test
	void twentyRacedPairsAtTwoServersOnOneDatabaseStoreOneSessionEach() throws Exception {
		race(fhirBase(), secondServer().fhirBase());
	}

	private record Pair(String patient, String first, String second) {}

	private void race(String oneServer, String otherServer) throws Exception {
		// The records are written through both servers in turn, which also warms both up so that the pairs really race.
		List<ClinicFixtures> writers = List.of(new ClinicFixtures(clientAt(oneServer)), new ClinicFixtures(clientAt(otherServer)));
		List<Pair> pairs = new ArrayList<>();
		for (int i = 0; i < PAIRS; i++) {
			ClinicFixtures clinic = writers.get(i % 2);
			String patient = clinic.patient();
			clinic.decidedScreening(patient, "2026-01-02T11:00:00Z", "eligible");
			String plan = clinic.plan(patient);
			String encounter = clinic.encounter(patient, MONDAY.minusSeconds(900), MONDAY.plus(Duration.ofHours(3)));
			pairs.add(new Pair(patient,
					FHIR.newJsonParser().encodeResourceToString(clinic.ivSession(patient, plan, encounter, MONDAY, new BigDecimal("0.5"))),
					FHIR.newJsonParser().encodeResourceToString(
							clinic.ivSession(patient, plan, encounter, MONDAY.plus(Duration.ofHours(1)), new BigDecimal("0.5")))));
		}
		String token = token();
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(2 * PAIRS);
		try {
			List<Future<HttpResponse<String>>> firsts = new ArrayList<>();
			List<Future<HttpResponse<String>>> seconds = new ArrayList<>();
			for (Pair pair : pairs) {
				firsts.add(threads.submit(() -> post(go, oneServer, token, pair.first())));
				seconds.add(threads.submit(() -> post(go, otherServer, token, pair.second())));
			}
			go.countDown();
			for (int i = 0; i < PAIRS; i++) {
				HttpResponse<String> a = firsts.get(i).get();
				HttpResponse<String> b = seconds.get(i).get();
				String pair = "pair " + i + ": " + a.statusCode() + " and " + b.statusCode();
				assertThat(List.of(a.statusCode(), b.statusCode())).as(pair).containsExactlyInAnyOrder(201, 422);
				assertThat((a.statusCode() == 422 ? a : b).body()).as(pair).contains("SESSION-MIN-INTERVAL");
				assertThat(storedSessions(pairs.get(i).patient())).as(pair).isEqualTo(1);
			}
		} finally {
			threads.shutdownNow();
		}
	}

	private static HttpResponse<String> post(CountDownLatch go, String base, String token, String session) throws Exception {
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

	private int storedSessions(String patient) {
		return client().search().byUrl("MedicationAdministration?subject=" + patient)
				.returnBundle(Bundle.class).execute().getEntry().size();
	}
}
