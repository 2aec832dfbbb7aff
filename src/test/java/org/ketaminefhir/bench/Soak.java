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
    /** Every request: when it started (ns after the load started) and how long it took (µs). */
    private final List<long[]> samples = Collections.synchronizedList(new ArrayList<>());

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
        Map<String, Object> result;
        try (ServerProcess server = ServerProcess.start(
                jar, 18085, db.url(), db.user(), db.password(), true, new BenchClient(), log, null)) {
            server.awaitReady(Benchmark.START_TIMEOUT);
            result = load(server);
        }
        write(result);
        mergeIntoResult(out, summary(result));
        return result;
    }

    /**
     * A soak segment on a server already running (validated and secured), e.g. arm A's after the benchmark's workloads:
     * writes soak.json and soak.md to {@code out} and returns what {@link #run} returns.
     */
    static Map<String, Object> segment(ServerProcess server, double minutes, Path out) throws Exception {
        Soak soak = new Soak(minutes, out);
        Map<String, Object> result = soak.load(server);
        soak.write(result);
        return result;
    }

    /** The load itself, on a running server; the figures, not yet written. */
    private Map<String, Object> load(ServerProcess server) throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        double jvmSecondsAtLoadStart = (System.nanoTime() - server.startedNanos) / 1e9;
        loadStart = System.nanoTime();
        long end = loadStart + (long) (minutes * 60e9);
        AtomicInteger nextPatient = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        java.util.concurrent.atomic.AtomicLong rssPeakKb = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean loading = new java.util.concurrent.atomic.AtomicBoolean(true);
        // The server's resident set, sampled every second during the load: the soak's own peak.
        Future<?> rssSampler = clients.submit(() -> {
            while (loading.get()) {
                rssPeakKb.accumulateAndGet(server.rssKb(), Math::max);
                Thread.sleep(1000);
            }
            return null;
        });
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
        double windowSeconds = (System.nanoTime() - loadStart) / 1e9;
        loading.set(false);
        rssSampler.get();
        rssPeakKb.accumulateAndGet(server.rssKb(), Math::max);
        clients.shutdown();
        List<GcLog.Pause> pauses = GcLog.read(server.gcLog);
        double warmupSeconds = warmupSeconds(windowSeconds);
        result.put("minutes", minutes);
        result.put("clients", CLIENTS);
        result.put("patients", nextPatient.get());
        result.put("window_s", Workload.round(windowSeconds));
        result.put("gc", GcLog.collector(ServerProcess.jvmOptions(), server.gcLog));
        result.put(
                "pause_share",
                Workload.round(GcLog.pauseMs(pauses, jvmSecondsAtLoadStart, jvmSecondsAtLoadStart + windowSeconds)
                        / (1000 * windowSeconds)));
        result.put("warmup_excluded_s", Workload.round(warmupSeconds));
        result.put("p99_ms_after_first_minute", p99After(warmupSeconds));
        result.put("rss_peak_mb", rssPeakKb.get() / 1024);
        result.put("rss_mb_peak", server.peakRssKb() / 1024);
        result.put("jvm", ServerProcess.jvmVersion());
        result.put("jvm_options", ServerProcess.jvmOptions());
        result.put("per_minute", perMinute(pauses, jvmSecondsAtLoadStart, windowSeconds));
        int errors =
                errorsByMinute.values().stream().mapToInt(AtomicInteger::get).sum();
        result.put("requests", samples.size());
        result.put("errors", errors);
        result.put("error_samples", errorSamples.stream().limit(20).toList());
        return result;
    }

    /**
     * The warm-up left out of the p99: the first minute; in a run shorter than two minutes (the smoke benchmark's
     * segment, on a server already warm from the workloads) the first quarter.
     */
    private static double warmupSeconds(double windowSeconds) {
        return windowSeconds >= 120 ? 60 : windowSeconds / 4;
    }

    /** p99 (ms) of the requests that started after the warm-up. */
    private double p99After(double warmupSeconds) {
        long from = (long) (warmupSeconds * 1e9);
        List<Long> micros = new ArrayList<>();
        synchronized (samples) {
            for (long[] sample : samples) {
                if (sample[0] >= from) {
                    micros.add(sample[1]);
                }
            }
        }
        Collections.sort(micros);
        return percentile(micros, 0.99);
    }

    /** The {@code soak} object of result.json. */
    static Map<String, Object> summary(Map<String, Object> soak) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("minutes", soak.get("minutes"));
        summary.put("pause_share", soak.get("pause_share"));
        summary.put(
                "pause_share_per_minute",
                ((List<?>) soak.get("per_minute"))
                        .stream()
                                .map(row -> ((Map<?, ?>) row).get("pause_share"))
                                .toList());
        summary.put("p99_ms_after_first_minute", soak.get("p99_ms_after_first_minute"));
        summary.put("warmup_excluded_s", soak.get("warmup_excluded_s"));
        summary.put("rss_peak_mb", soak.get("rss_peak_mb"));
        summary.put("gc", soak.get("gc"));
        summary.put("jvm", soak.get("jvm"));
        summary.put("requests", soak.get("requests"));
        summary.put("errors", soak.get("errors"));
        return summary;
    }

    /** Puts the {@code soak} object into out/result.json (creating it if there is none) and result.md. */
    @SuppressWarnings("unchecked")
    static void mergeIntoResult(Path out, Map<String, Object> summary) throws Exception {
        Files.createDirectories(out);
        Path json = out.resolve("result.json");
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Map<String, Object> result =
                Files.exists(json) ? mapper.readValue(json.toFile(), LinkedHashMap.class) : new LinkedHashMap<>();
        result.put("soak", summary);
        mapper.writeValue(json.toFile(), result);
        if (result.containsKey("arms")) {
            Files.writeString(out.resolve("result.md"), Benchmark.markdown(result));
        }
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
            long micros = (System.nanoTime() - started) / 1000;
            latenciesByMinute
                    .computeIfAbsent(minute, m -> Collections.synchronizedList(new ArrayList<>()))
                    .add(micros);
            samples.add(new long[] {started - loadStart, micros});
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

    private List<Map<String, Object>> perMinute(
            List<GcLog.Pause> collections, double jvmSecondsAtLoadStart, double windowSeconds) {
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
            List<GcLog.Pause> inMinute = collections.stream()
                    .filter(c -> (int) Math.floor((c.atSeconds() - jvmSecondsAtLoadStart) / 60) == m)
                    .toList();
            double minuteSeconds = Math.max(1e-3, Math.min(60, windowSeconds - 60.0 * minute));
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
                    inMinute.stream()
                            .map(GcLog.Pause::heapAfterMb)
                            .filter(mb -> mb >= 0)
                            .toList());
            row.put(
                    "heap_after_gc_min_mb",
                    inMinute.stream()
                            .mapToLong(GcLog.Pause::heapAfterMb)
                            .filter(mb -> mb >= 0)
                            .min()
                            .orElse(-1));
            double pauseMs = inMinute.stream().mapToDouble(GcLog.Pause::pauseMs).sum();
            row.put("gc_pause_ms", Workload.round(pauseMs));
            row.put("pause_share", Workload.round(pauseMs / (1000 * minuteSeconds)));
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
                .append(" errors; collector ")
                .append(result.get("gc"))
                .append(" (JVM ")
                .append(result.get("jvm"))
                .append("), pause share ")
                .append(result.get("pause_share"))
                .append(", p99 after the first ")
                .append(result.get("warmup_excluded_s"))
                .append(" s ")
                .append(result.get("p99_ms_after_first_minute"))
                .append(" ms; peak RSS during the load ")
                .append(result.get("rss_peak_mb"))
                .append(" MB\n\n")
                .append(
                        "| Minute | Requests | Errors | p50 ms | p99 ms | GCs (full) | Lowest heap after GC, MB | GC pause ms | Pause share |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
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
                    .append(" | ")
                    .append(row.get("pause_share"))
                    .append(" |\n");
        }
        Files.writeString(out.resolve("soak.md"), md.toString());
        System.out.print(md);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
