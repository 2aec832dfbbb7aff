package org.ketaminefhir.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.support.TestDatabases;

/**
 * The soak: the server as a clinic runs it (validated, secured, the README's JVM settings) under a mixed clinic load
 * for a given number of minutes: whole patient records (set-up and session bundles), single vital signs, reads by id,
 * chart searches and {@code $ketamine-progress}, from two clients. It reports, per minute, the requests, errors, p50
 * and p99, and the heap after each collection (from the collector's log), so that a leak or a slow drift shows.
 * {@code scripts/bench --soak MINUTES}; results in target/bench/soak.json and soak.md; exits non-zero on any error.
 */
final class Soak {

    private static final String HR = "http://loinc.org|8867-4";
    private static final Pattern GC_LINE = Pattern.compile(
            "\\[([\\d.]+)s]\\S* GC\\(\\d+\\) Pause (Young|Full).* (\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");
    private static final int CLIENTS = 2;

    private final double minutes;
    private final Path out;
    private final FhirContext fhir = FhirContext.forR4Cached();
    private final IParser json = fhir.newJsonParser();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final SyntheticClinic clinic = new SyntheticClinic(fhir, 7, "k");
    private final Map<Integer, List<Long>> latenciesByMinute = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> errorsByMinute = new ConcurrentHashMap<>();
    private final List<String> errorSamples = Collections.synchronizedList(new ArrayList<>());
    private long loadStart;

    Soak(double minutes, Path out) {
        this.minutes = minutes;
        this.out = out;
    }

    static Map<String, Object> run(double minutes, Path out) throws Exception {
        try {
            return new Soak(minutes, out).execute();
        } finally {
            TestDatabases.dropAll();
        }
    }

    private Map<String, Object> execute() throws Exception {
        Path jar = ServerProcess.packagedJar();
        TestDatabases.TestDatabase db = TestDatabases.create();
        Path log = out.resolve("soak-server.log");
        Map<String, Object> result = new LinkedHashMap<>();
        try (ServerProcess server = ServerProcess.start(
                jar, 18085, db.url(), db.user(), db.password(), true, new BenchClient(), log, null)) {
            server.awaitReady(Duration.ofMinutes(3));
            double jvmSecondsAtLoadStart = (System.nanoTime() - server.startedNanos) / 1e9;
            loadStart = System.nanoTime();
            long end = loadStart + (long) (minutes * 60e9);
            AtomicInteger nextPatient = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int seed = c;
                running.add(clients.submit(() -> {
                    Random random = new Random(seed);
                    while (System.nanoTime() < end) {
                        visit(server, nextPatient.getAndIncrement(), random);
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            clients.shutdown();
            result.put("minutes", minutes);
            result.put("clients", CLIENTS);
            result.put("patients", nextPatient.get());
            result.put("rss_mb_peak", server.peakRssKb() / 1024);
            result.put("jvm_options", ServerProcess.jvmOptions());
            result.put("per_minute", perMinute(gcLog(log), jvmSecondsAtLoadStart));
        }
        int errors =
                errorsByMinute.values().stream().mapToInt(AtomicInteger::get).sum();
        result.put(
                "requests",
                latenciesByMinute.values().stream().mapToInt(List::size).sum());
        result.put("errors", errors);
        result.put("error_samples", errorSamples.stream().limit(20).toList());
        write(result);
        return result;
    }

    /** One patient's visit: the record written, then what a clinician and the dashboard read about it. */
    private void visit(ServerProcess server, int index, Random random) {
        SyntheticClinic.PatientRecords records = clinic.patient(index);
        String patient = records.patientId(); // "Patient/kp0"
        server.token().renewIfExpiringWithin(Duration.ofMinutes(15));
        if (!call(server, "POST", "", json.encodeResourceToString(records.setup()))) {
            return; // nothing else about this patient would work
        }
        List<String> observations = new ArrayList<>();
        for (Bundle session : records.sessions().subList(0, 3)) {
            call(server, "POST", "", json.encodeResourceToString(session));
            session.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(r -> r.fhirType().equals("Observation"))
                    .forEach(r -> observations.add(r.getIdElement().getIdPart()));
        }
        String vital = vital(records);
        for (int i = 0; i < 5; i++) {
            call(server, "POST", "/Observation", vital);
        }
        for (int i = 0; i < 10; i++) {
            call(server, "GET", "/Observation/" + observations.get(random.nextInt(observations.size())), null);
        }
        for (int i = 0; i < 5; i++) {
            call(
                    server,
                    "GET",
                    "/Observation?patient=" + patient + "&code=" + URLEncoder.encode(HR, StandardCharsets.UTF_8)
                            + "&_sort=-date&_count=20",
                    null);
        }
        call(server, "GET", "/" + patient + "/$ketamine-progress", null);
    }

    /** A heart rate of this patient's first session, as a new resource. */
    private String vital(SyntheticClinic.PatientRecords records) {
        Resource heartRate = records.sessions().get(0).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r.getIdElement().getIdPart().endsWith("-hr5"))
                .findFirst()
                .orElseThrow()
                .copy();
        heartRate.setId((String) null);
        return json.encodeResourceToString(heartRate);
    }

    private boolean call(ServerProcess server, String method, String path, String body) {
        long started = System.nanoTime();
        int minute = (int) ((started - loadStart) / 60_000_000_000L);
        try {
            HttpRequest.Builder request = server.authorize(HttpRequest.newBuilder(URI.create(server.base() + path)))
                    .header("Accept", "application/fhir+json");
            if (body != null) {
                request.header("Content-Type", "application/fhir+json").header("Prefer", "return=minimal");
            }
            HttpResponse<String> response = http.send(
                    request.method(
                                    method,
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            latenciesByMinute
                    .computeIfAbsent(minute, m -> Collections.synchronizedList(new ArrayList<>()))
                    .add((System.nanoTime() - started) / 1000);
            if (response.statusCode() / 100 != 2) {
                fail(
                        minute,
                        method + " " + path + ": HTTP " + response.statusCode() + " " + abbreviate(response.body()));
                return false;
            }
            return true;
        } catch (Exception e) {
            fail(minute, method + " " + path + ": " + e);
            return false;
        }
    }

    private void fail(int minute, String what) {
        errorsByMinute.computeIfAbsent(minute, m -> new AtomicInteger()).incrementAndGet();
        if (errorSamples.size() < 20) {
            errorSamples.add(what);
        }
    }

    /** One collection from the collector's log: when (JVM seconds), which, heap after it and its pause. */
    record Collection(double atSeconds, String kind, long afterMb, double pauseMs) {}

    static List<Collection> gcLog(Path serverLog) throws java.io.IOException {
        Path gc = Path.of(serverLog.toAbsolutePath().toString().replaceFirst("\\.log$", "") + "-gc.log");
        List<Collection> collections = new ArrayList<>();
        if (!Files.exists(gc)) {
            return collections;
        }
        for (String line : Files.readAllLines(gc)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                collections.add(new Collection(
                        Double.parseDouble(m.group(1)),
                        m.group(2),
                        Long.parseLong(m.group(4)),
                        Double.parseDouble(m.group(6))));
            }
        }
        return collections;
    }

    private List<Map<String, Object>> perMinute(List<Collection> collections, double jvmSecondsAtLoadStart) {
        List<Map<String, Object>> rows = new ArrayList<>();
        // requests still in flight when the time is up are reported in the minute they started
        int lastMinute = Math.max(
                (int) Math.ceil(minutes) - 1,
                latenciesByMinute.keySet().stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElse(0));
        for (int minute = 0; minute <= lastMinute; minute++) {
            List<Long> micros = new ArrayList<>(latenciesByMinute.getOrDefault(minute, List.of()));
            Collections.sort(micros);
            int m = minute;
            List<Collection> inMinute = collections.stream()
                    .filter(c -> (int) Math.floor((c.atSeconds() - jvmSecondsAtLoadStart) / 60) == m)
                    .toList();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("minute", minute + 1);
            row.put("requests", micros.size());
            row.put(
                    "errors",
                    errorsByMinute.getOrDefault(minute, new AtomicInteger()).get());
            row.put("p50_ms", percentile(micros, 0.50));
            row.put("p99_ms", percentile(micros, 0.99));
            row.put("collections", inMinute.size());
            row.put(
                    "full_collections",
                    inMinute.stream().filter(c -> c.kind().equals("Full")).count());
            row.put(
                    "heap_after_gc_mb",
                    inMinute.stream().map(Collection::afterMb).toList());
            row.put(
                    "heap_after_gc_min_mb",
                    inMinute.stream().mapToLong(Collection::afterMb).min().orElse(-1));
            row.put(
                    "gc_pause_ms",
                    Workload.round(
                            inMinute.stream().mapToDouble(Collection::pauseMs).sum()));
            rows.add(row);
        }
        return rows;
    }

    private static double percentile(List<Long> sortedMicros, double p) {
        if (sortedMicros.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sortedMicros.size() - 1, Math.ceil(p * sortedMicros.size()) - 1);
        return Workload.round(sortedMicros.get(Math.max(0, index)) / 1000.0);
    }

    private void write(Map<String, Object> result) throws Exception {
        Files.createDirectories(out);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("soak.json").toFile(), result);
        StringBuilder md = new StringBuilder("# Soak\n\n")
                .append(result.get("minutes"))
                .append(" minutes, ")
                .append(CLIENTS)
                .append(" clients, ")
                .append(result.get("patients"))
                .append(" patients, ")
                .append(result.get("requests"))
                .append(" requests, ")
                .append(result.get("errors"))
                .append(" errors; peak RSS ")
                .append(result.get("rss_mb_peak"))
                .append(" MB\n\n")
                .append(
                        "| Minute | Requests | Errors | p50 ms | p99 ms | GCs (full) | Lowest heap after GC, MB | GC pause ms |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Object o : (List<?>) result.get("per_minute")) {
            Map<?, ?> row = (Map<?, ?>) o;
            md.append("| ")
                    .append(row.get("minute"))
                    .append(" | ")
                    .append(row.get("requests"))
                    .append(" | ")
                    .append(row.get("errors"))
                    .append(" | ")
                    .append(row.get("p50_ms"))
                    .append(" | ")
                    .append(row.get("p99_ms"))
                    .append(" | ")
                    .append(row.get("collections"))
                    .append(" (")
                    .append(row.get("full_collections"))
                    .append(") | ")
                    .append(row.get("heap_after_gc_min_mb"))
                    .append(" | ")
                    .append(row.get("gc_pause_ms"))
                    .append(" |\n");
        }
        Files.writeString(out.resolve("soak.md"), md.toString());
        System.out.print(md);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
