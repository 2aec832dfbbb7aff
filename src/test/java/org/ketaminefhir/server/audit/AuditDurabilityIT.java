package org.ketaminefhir.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.Tokens;

/**
 * Kill -9 under load loses no audit record of an answered request: the packaged server runs on PostgreSQL, four
 * clients read and write with request ids, the process is killed (SIGKILL) at a random moment, and every request that
 * got an answer has its AuditEvent in the database. Twice, restarting on the same database in between. Runs after
 * {@code package} (failsafe), on the jar a user runs.
 */
class AuditDurabilityIT {

	private static final int ROUNDS = 2;
	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void noAnsweredRequestLosesItsAuditRecordWhenTheServerIsKilled() throws Exception {
		TestDatabases.TestDatabase db = TestDatabases.create();
		int port = freePort();
		Set<String> answered = ConcurrentHashMap.newKeySet();
		for (int round = 1; round <= ROUNDS; round++) {
			Process server = start(db, port, Path.of("target/audit-durability-" + round + ".log"));
			try {
				awaitReady(server, port);
				String token = Tokens.backend("http://localhost:" + port, TestClinic.BACKEND, TestClinic.BACKEND_KEY,
						"system/*.cruds system/AuditEvent.rs");
				AtomicBoolean running = new AtomicBoolean(true);
				ExecutorService clients = Executors.newFixedThreadPool(4);
				for (int c = 0; c < 4; c++) {
					int client = c;
					clients.submit(() -> load(port, token, client, running, answered));
				}
				Thread.sleep(2_000 + (long) (Math.random() * 3_000));
				server.destroyForcibly(); // SIGKILL
				assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
				running.set(false);
				clients.shutdown();
				assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
			} finally {
				server.destroyForcibly();
			}
		}

		Set<String> audited = auditedRequestIds(db);
		List<String> lost = new ArrayList<>(answered);
		lost.removeAll(audited);
		System.out.printf("audit durability: %d answered requests over %d kills, %d without an audit record%n",
				answered.size(), ROUNDS, lost.size());
		assertThat(answered.size()).as("the clients got answers before each kill").isGreaterThan(50);
		assertThat(lost).as("answered requests without an audit record").isEmpty();
	}

	private static void load(int port, String token, int client, AtomicBoolean running, Set<String> answered) {
		int n = 0;
		while (running.get()) {
			String requestId = "durability-" + client + "-" + (n++) + "-" + UUID.randomUUID();
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Patient"
							+ (n % 3 == 0 ? "" : "?_count=1")))
					.header("Authorization", "Bearer " + token)
					.header("X-Request-Id", requestId)
					.timeout(Duration.ofSeconds(20));
			if (n % 3 == 0) {
				request.header("Content-Type", "application/fhir+json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Durable\"}]}"));
			}
			try {
				HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() < 500) {
					answered.add(requestId);
				}
			} catch (IOException killed) {
				// the server died mid-request: no answer, no promise
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static Set<String> auditedRequestIds(TestDatabases.TestDatabase db) throws Exception {
		Set<String> ids = new HashSet<>();
		try (Connection connection = db.connect();
				ResultSet rs = connection.createStatement().executeQuery(
						"SELECT resource FROM ket_audit_event WHERE resource LIKE '%durability-%'")) {
			while (rs.next()) {
				String json = rs.getString(1);
				int at = json.indexOf("durability-");
				ids.add(json.substring(at, json.indexOf('"', at)));
			}
		}
		return ids;
	}

	private static Process start(TestDatabases.TestDatabase db, int port, Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-jar", Path.of("target/ketamine-fhir-server.jar").toString(),
				"--server.port=" + port,
				"--spring.datasource.url=" + db.url(),
				"--spring.datasource.username=" + db.user(),
				"--spring.datasource.password=" + db.password(),
				"--logging.level.root=WARN"));
		TestClinic.properties().forEach((key, value) -> command.add("--" + key + "=" + value));
		Files.createDirectories(log.toAbsolutePath().getParent());
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static void awaitReady(Process server, int port) throws Exception {
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(server.isAlive()).as("the server exited: see target/audit-durability-*.log").isTrue();
			try {
				if (http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
					return;
				}
			} catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		throw new IllegalStateException("the server was not ready within 3 minutes");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
