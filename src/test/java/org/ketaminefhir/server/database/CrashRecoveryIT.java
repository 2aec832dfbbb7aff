package org.ketaminefhir.server.database;

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
 * Kill -9 in the middle of things: the packaged server runs on PostgreSQL, one client sends 1,000-entry transaction
 * bundles while four others read and write with request ids, and the process is killed (SIGKILL) at a random moment;
 * then it is started again on the same database, {@code crash.rounds} times over (every third time only after a
 * transaction was answered; 3 in the suite, 10 by default in {@code scripts/crash-drill}). After each kill the server starts cleanly, every transaction sent so far is in the database whole or not
 * at all (and whole if it was answered), and at the end every request that got an answer has its AuditEvent. Runs
 * after {@code package} (failsafe), on the jar a user runs; {@code scripts/crash-drill N} for a longer drill.
 */
class CrashRecoveryIT {

    private static final int ROUNDS = Integer.getInteger("crash.rounds", 10);
    private static final int ENTRIES = 1000;
    private static final String TAG_SYSTEM = "http://example.org/crash-drill";
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyTransactionIsWholeOrAbsentAndNoAnsweredRequestLosesItsAuditRecordAcrossKills() throws Exception {
        TestDatabases.TestDatabase db = TestDatabases.create();
        int port = freePort();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        List<String> sentTransactions = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> committedTransactions = ConcurrentHashMap.newKeySet();
        java.util.Random random = new java.util.Random(20261130L);
        int killedDuringATransaction = 0;
        for (int round = 1; round <= ROUNDS + 1; round++) {
            Process server = start(db, port, Path.of("target/crash-drill-" + round + ".log"));
            try {
                awaitReady(server, port);
                String token = Tokens.backend(
                        "http://localhost:" + port,
                        TestClinic.BACKEND,
                        TestClinic.BACKEND_KEY,
                        "system/*.cruds system/AuditEvent.rs");
                // what the kills before left: each transaction whole or absent, and whole if it was answered
                for (String tag : List.copyOf(sentTransactions)) {
                    int stored = count(port, token, tag);
                    assertThat(stored)
                            .as("transaction %s after kill %d", tag, round - 1)
                            .isIn(0, ENTRIES);
                    if (committedTransactions.contains(tag)) {
                        assertThat(stored).as("answered transaction %s", tag).isEqualTo(ENTRIES);
                    }
                }
                if (round > ROUNDS) {
                    break; // the last start only checks
                }
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService clients = Executors.newFixedThreadPool(5);
                for (int c = 0; c < 4; c++) {
                    int client = c;
                    clients.submit(() -> load(port, token, client, running, answered));
                }
                java.util.concurrent.CountDownLatch firstSent = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.atomic.AtomicReference<String> inFlight =
                        new java.util.concurrent.atomic.AtomicReference<>();
                clients.submit(() -> transactions(
                        port, token, running, sentTransactions, committedTransactions, inFlight, firstSent));
                assertThat(firstSent.await(60, TimeUnit.SECONDS)).isTrue();
                if (round % 3 == 0) {
                    // every third round, let a transaction be answered first: its entries must all survive the kill
                    int answeredBefore = committedTransactions.size();
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                    while (committedTransactions.size() == answeredBefore && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    assertThat(committedTransactions.size())
                            .as("a transaction answered in round %d", round)
                            .isGreaterThan(answeredBefore);
                }
                Thread.sleep(random.nextInt(8_000)); // then a random moment, most often inside the next transaction
                if (inFlight.get() != null) {
                    killedDuringATransaction++;
                }
                server.destroyForcibly(); // SIGKILL
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
                running.set(false);
                clients.shutdown();
                assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            } finally {
                server.destroyForcibly();
                server.waitFor(30, TimeUnit.SECONDS);
            }
        }

        Set<String> audited = auditedRequestIds(db);
        List<String> lost = new ArrayList<>(answered);
        lost.removeAll(audited);
        System.out.printf(
                "crash drill: %d kills (%d during a transaction), %d transactions of %d entries sent, %d answered;"
                        + " %d answered requests, %d without an audit record%n",
                ROUNDS,
                killedDuringATransaction,
                sentTransactions.size(),
                ENTRIES,
                committedTransactions.size(),
                answered.size(),
                lost.size());
        assertThat(killedDuringATransaction)
                .as("kills that fell inside a transaction")
                .isPositive();
        assertThat(committedTransactions)
                .as("answered transactions, each checked whole after a kill")
                .hasSizeGreaterThanOrEqualTo(ROUNDS / 3);
        assertThat(answered.size())
                .as("the clients got answers before the kills")
                .isGreaterThanOrEqualTo(ROUNDS);
        assertThat(lost).as("answered requests without an audit record").isEmpty();
    }

    /** Sends 1,000-entry transactions, one after another, each tagged so that its entries can be counted. */
    private static void transactions(
            int port,
            String token,
            AtomicBoolean running,
            List<String> sent,
            Set<String> committed,
            java.util.concurrent.atomic.AtomicReference<String> inFlight,
            java.util.concurrent.CountDownLatch firstSent) {
        while (running.get()) {
            String tag = "txn-" + UUID.randomUUID();
            // (one sent after the kill, before the clients stop, finds no server: it is checked all the same, and
            // absent)
            StringBuilder bundle =
                    new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
            for (int i = 0; i < ENTRIES; i++) {
                bundle.append(i == 0 ? "" : ",")
                        .append("{\"resource\":{\"resourceType\":\"Basic\",\"meta\":{\"tag\":[{\"system\":\"")
                        .append(TAG_SYSTEM)
                        .append("\",\"code\":\"")
                        .append(tag)
                        .append("\"}]},\"code\":{\"text\":\"entry ")
                        .append(i)
                        .append("\"}},\"request\":{\"method\":\"POST\",\"url\":\"Basic\"}}");
            }
            bundle.append("]}");
            sent.add(tag);
            inFlight.set(tag);
            firstSent.countDown();
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/fhir+json")
                                .header("Prefer", "return=minimal")
                                .timeout(Duration.ofSeconds(120))
                                .POST(HttpRequest.BodyPublishers.ofString(bundle.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    committed.add(tag);
                }
            } catch (IOException killed) {
                // the server died mid-transaction: no answer, no promise either way
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                inFlight.set(null);
            }
        }
    }

    private static int count(int port, String token, String tag) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Basic?_tag=" + TAG_SYSTEM + "%7C"
                                + tag + "&_summary=count"))
                        .header("Authorization", "Bearer " + token)
                        .header("Accept", "application/fhir+json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        java.util.regex.Matcher total =
                java.util.regex.Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(response.body());
        assertThat(total.find()).as(response.body()).isTrue();
        return Integer.parseInt(total.group(1));
    }

    private static void load(int port, String token, int client, AtomicBoolean running, Set<String> answered) {
        int n = 0;
        while (running.get()) {
            String requestId = "durability-" + client + "-" + (n++) + "-" + UUID.randomUUID();
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/fhir/Patient" + (n % 3 == 0 ? "" : "?_count=1")))
                    .header("Authorization", "Bearer " + token)
                    .header("X-Request-Id", requestId)
                    .timeout(Duration.ofSeconds(20));
            if (n % 3 == 0) {
                request.header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Durable\"}]}"));
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
                ResultSet rs = connection
                        .createStatement()
                        .executeQuery("SELECT resource FROM ket_audit_event WHERE resource LIKE '%durability-%'")) {
            while (rs.next()) {
                String json = rs.getString(1);
                int at = json.indexOf("durability-");
                ids.add(json.substring(at, json.indexOf('"', at)));
            }
        }
        return ids;
    }

    private static Process start(TestDatabases.TestDatabase db, int port, Path log) throws IOException {
        // The production run (scripts/serve: target/server with its JVM options and AOT cache); it execs the JVM, so
        // the process killed is the server itself.
        List<String> command = new ArrayList<>(List.of(
                "scripts/serve",
                "--server.port=" + port,
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--logging.level.root=WARN"));
        TestClinic.properties().forEach((key, value) -> command.add("--" + key + "=" + value));
        Files.createDirectories(log.toAbsolutePath().getParent());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static void awaitReady(Process server, int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive())
                    .as("the server exited: see target/crash-drill-*.log")
                    .isTrue();
            try {
                if (http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://localhost:" + port + "/actuator/health"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server was not ready within 5 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
