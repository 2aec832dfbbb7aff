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
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.TestDatabases.TestDatabase;

/**
 * The benchmark: the same synthetic clinic written and read through A (the server with profile enforcement), B (the
 * same build with validation off), C (raw PostgreSQL, same JSON) and D (as B, with security and audit off), in one
 * run; figures and ratios to target/bench/result.json and result.md. A and B run as a clinic would, with SMART access
 * tokens (a backend-services client the benchmark registers) and the audit trail. Any failed request makes it exit
 * non-zero. Run it with scripts/bench.
 */
public final class Benchmark {

    record Options(
            boolean smoke,
            int vitals,
            int reads,
            int bundlePatients,
            int bulkPatients,
            int bulkSessions,
            int largeResources,
            Path out,
            long seed,
            boolean jfr,
            int startups,
            int vitals40,
            double soakMinutes) {
        static Options parse(String[] args) {
            boolean smoke = List.of(args).contains("--smoke");
            Path out = Path.of("target/bench");
            for (int i = 0; i < args.length - 1; i++) {
                if (args[i].equals("--out")) {
                    out = Path.of(args[i + 1]);
                }
            }
            int large = smoke ? 3_000 : 100_000;
            for (int i = 0; i < args.length - 1; i++) {
                if (args[i].equals("--large")) {
                    large = Integer.parseInt(args[i + 1]);
                }
            }
            boolean jfr = List.of(args).contains("--jfr");
            int startups = smoke ? 1 : 3;
            for (int i = 0; i < args.length - 1; i++) {
                if (args[i].equals("--startups")) {
                    startups = Integer.parseInt(args[i + 1]);
                }
            }
            if (startups < 1) {
                throw new IllegalArgumentException("--startups needs at least 1");
            }
            // The smoke run ends arm A with a short soak segment (45 s), so that its result.json has the soak figures.
            return smoke
                    ? new Options(true, 20, 20, 1, 2, 1, large, out, 42, jfr, startups, 6, 0.75)
                    : new Options(false, 300, 300, 3, 4, 10, large, out, 42, jfr, startups, 30, 0);
        }
    }

    private static final String HR = "http://loinc.org|8867-4";
    /** Every measured workload runs this many times per arm; the figures are those of the median repetition. */
    static final int REPETITIONS = 3;
    /**
     * How long a server may take to start before the run fails: generous, for a machine other work shares (a start
     * takes under a minute alone on 2 cores); BenchmarkSmokeIT holds start-up itself to under 3 minutes.
     */
    static final Duration START_TIMEOUT = Duration.ofMinutes(8);

    private final Options options;
    private final FhirContext fhir = FhirContext.forR4Cached();
    private final IParser json = fhir.newJsonParser();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private final SyntheticClinic clinic;
    private final BenchClient client = new BenchClient();
    /** Rows written per resource by arm A's session bundles (see {@link #countRows}). */
    private final Map<String, Object> rowsPerResource = new LinkedHashMap<>();

    private Benchmark(Options options) {
        this.options = options;
        this.clinic = new SyntheticClinic(fhir, options.seed(), "b");
    }

    public static void main(String[] args) throws Exception {
        int soak = List.of(args).indexOf("--soak");
        if (soak >= 0) {
            if (soak + 1 >= args.length || !args[soak + 1].matches("\\d+(\\.\\d+)?")) {
                throw new IllegalArgumentException("--soak needs the minutes to run, e.g. --soak 30");
            }
            Map<String, Object> result = Soak.run(
                    Double.parseDouble(args[soak + 1]), Options.parse(args).out());
            System.exit(((Number) result.get("errors")).intValue() == 0 ? 0 : 1);
        }
        Map<String, Object> result = run(Options.parse(args));
        int errors = ((Number) result.get("errors")).intValue();
        System.out.println("Benchmark finished with " + errors + " failed requests; see "
                + Options.parse(args).out().resolve("result.md"));
        System.exit(errors == 0 ? 0 : 1);
    }

    static Map<String, Object> run(Options options) throws Exception {
        try {
            return new Benchmark(options).execute();
        } finally {
            TestDatabases.dropAll();
        }
    }

    private Map<String, Object> execute() throws Exception {
        Path jar = ServerProcess.packagedJar();
        TestDatabase main = TestDatabases.create();
        TestDatabase raw = TestDatabases.create();
        Map<String, Object> arms = new LinkedHashMap<>();
        Map<String, Object> growth = new LinkedHashMap<>();
        List<SyntheticClinic.PatientRecords> small = List.of(clinic.patient(0), clinic.patient(1));

        Map<String, Object> a = new LinkedHashMap<>();
        // Start-up, first pair: arm A's own start on its new, empty database (fresh), stopped once its first
        // validated write is in, then started again on that database (restart): the process that runs A's workloads.
        List<Ready> fresh = new ArrayList<>();
        List<Ready> restart = new ArrayList<>();
        try (ServerProcess server =
                startValidated(jar, 18081, main, options.out().resolve("server-a-fresh.log"), null)) {
            fresh.add(firstValidatedWrite(server));
        }
        Map<String, Object> soak = null;
        try (ServerProcess server = startValidated(
                jar,
                18081,
                main,
                options.out().resolve("server-a.log"),
                options.jfr() ? options.out().resolve("server-a.jfr") : null)) {
            restart.add(firstValidatedWrite(server));
            a.put("security", "on");
            a.put("startup_ms_to_first_validated_write", fresh.get(0).ms());
            a.put("restart_ms_to_first_validated_write", restart.get(0).ms());
            a.put("rss_mb_at_ready", server.rssKb() / 1024);
            for (SyntheticClinic.PatientRecords p : small) {
                writeAll(server, p);
            }
            a.put("workloads", serverWorkloads(server, 100, main));
            a.put("rss_mb_peak", server.peakRssKb() / 1024);
            if (options.soakMinutes() > 0) {
                renewToken(server);
                soak = Soak.segment(server, options.soakMinutes(), options.out());
            }
            a.put("tokens_obtained", server.token().obtained());
        }
        arms.put("A_validated", a);
        // Further start-up pairs, each on a new database of its own, dropped after.
        for (int pair = 2; pair <= options.startups(); pair++) {
            TestDatabase db = TestDatabases.create();
            try (ServerProcess server = startValidated(
                    jar, 18086, db, options.out().resolve("server-startup-" + pair + "-fresh.log"), null)) {
                fresh.add(firstValidatedWrite(server));
            }
            try (ServerProcess server = startValidated(
                    jar, 18086, db, options.out().resolve("server-startup-" + pair + "-restart.log"), null)) {
                restart.add(firstValidatedWrite(server));
            }
            TestDatabases.drop(db);
        }

        // D starts from a copy of the database as A left it and makes the same calls as B, so that B and D meet the
        // same data at every workload (they differ only in security). It runs before B, as B ran after A before D
        // existed.
        TestDatabase copy = TestDatabases.copyOf(main);
        Map<String, Object> d = new LinkedHashMap<>();
        try (ServerProcess server = ServerProcess.start(
                jar,
                18084,
                copy.url(),
                copy.user(),
                copy.password(),
                false,
                null,
                options.out().resolve("server-d.log"),
                null)) {
            server.awaitReady(START_TIMEOUT);
            d.put("security", "off");
            d.put("rss_mb_at_ready", server.rssKb() / 1024);
            d.put("workloads", serverWorkloads(server, 200, null));
            d.put("rss_mb_peak", server.peakRssKb() / 1024);
        }
        TestDatabases.drop(copy);

        Map<String, Object> b = new LinkedHashMap<>();
        try (ServerProcess server = ServerProcess.start(
                jar,
                18082,
                main.url(),
                main.user(),
                main.password(),
                false,
                client,
                options.out().resolve("server-b.log"),
                null)) {
            server.awaitReady(START_TIMEOUT);
            server.token().renewIfExpiringWithin(Duration.ofMinutes(30));
            b.put("security", "on");
            b.put("rss_mb_at_ready", server.rssKb() / 1024);
            Map<String, Object> workloads = serverWorkloads(server, 200, null);
            b.put("workloads", workloads);
            growth.put("B_small", reads(workloads));

            RawPostgres c = new RawPostgres(raw);
            for (SyntheticClinic.PatientRecords p : small) {
                writeAll(c, p);
            }
            Map<String, Object> cWorkloads = rawWorkloads(c, 300);
            arms.put("C_raw_postgres", Map.of("workloads", cWorkloads));
            growth.put("C_small", reads(cWorkloads));

            // Bulk load to the large size: two loaders (one per core), not measured as a workload.
            long loadStart = System.nanoTime();
            java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger nextPatient = new java.util.concurrent.atomic.AtomicInteger(1000);
            long perPatient = 4 + 32 + 2 + 1 + 10L * (2 + 3 * SyntheticClinic.VITAL_POINTS + 1);
            long patientsNeeded = Math.max(1, (options.largeResources() - storedResources(main)) / perPatient + 1);
            java.util.concurrent.ExecutorService loaders = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<?>> loads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                loads.add(loaders.submit(() -> {
                    for (int i = nextPatient.getAndIncrement();
                            i < 1000 + patientsNeeded;
                            i = nextPatient.getAndIncrement()) {
                        SyntheticClinic.PatientRecords p = clinic.patient(i);
                        written.addAndGet(writeAll(server, p));
                        writeAll(c, p);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> load : loads) {
                load.get();
            }
            loaders.shutdown();
            growth.put(
                    "large_load_resources_per_s_B",
                    Workload.round(written.get() / ((System.nanoTime() - loadStart) / 1e9)));
            growth.put("large_size_resources", storedResources(main));
            growth.put("B_large", reads(readWorkloads(server)));
            growth.put("C_large", reads(rawReadWorkloads(c)));
            b.put("rss_mb_peak", server.peakRssKb() / 1024);
            b.put("tokens_obtained", server.token().obtained());
        }
        arms.put("B_unvalidated", b);
        arms.put("D_unvalidated_no_security", d);

        Map<String, Object> result = new LinkedHashMap<>();
        int soakErrors = soak == null ? 0 : ((Number) soak.get("errors")).intValue();
        result.put("errors", errors.size() + soakErrors);
        result.put("mode", options.smoke() ? "smoke" : "full");
        result.put("repetitions_per_workload", REPETITIONS);
        // Arm A is the server as a clinic runs it: validated, secured, started with the README's JVM settings.
        Map<String, Object> startup = startup(fresh, restart);
        result.put("startup_s", startup.get("fresh_s"));
        result.put("startup", startup);
        result.put("rows_per_resource", rowsPerResource.get("rows_per_resource"));
        result.put("rows_by_table", rowsPerResource.get("rows_by_table"));
        result.put("rows_basis", rowsPerResource.get("basis"));
        if (soak != null) {
            result.put("soak", Soak.summary(soak));
        }
        result.put("rss_peak_mb", a.get("rss_mb_peak"));
        result.put(
                "bulk_load_validated_resources_per_s",
                ((Map<?, ?>) ((Map<?, ?>) a.get("workloads")).get("bulk_load_2_loaders")).get("resources_per_s"));
        result.put("jvm_options", ServerProcess.jvmOptions());
        result.put("ratios", ratios(arms, growth));
        result.put("arms", arms);
        result.put("growth", growth);
        List<Object> samples = new ArrayList<>(errors.stream().limit(20).toList());
        if (soak != null) {
            samples.addAll((List<?>) soak.get("error_samples"));
        }
        result.put("error_samples", samples);
        write(result);
        return result;
    }

    /** Time and server CPU from process start to the first accepted validated write. */
    record Ready(long ms, double cpuSeconds) {}

    private ServerProcess startValidated(Path jar, int port, TestDatabase db, Path log, Path jfr) throws Exception {
        return ServerProcess.start(jar, port, db.url(), db.user(), db.password(), true, client, log, jfr);
    }

    private static Map<String, Object> startup(List<Ready> fresh, List<Ready> restart) {
        Map<String, Object> startup = new LinkedHashMap<>();
        List<Double> freshS =
                fresh.stream().map(r -> Workload.round(r.ms() / 1000.0)).toList();
        List<Double> restartS =
                restart.stream().map(r -> Workload.round(r.ms() / 1000.0)).toList();
        List<Double> freshCpu =
                fresh.stream().map(r -> Workload.round(r.cpuSeconds())).toList();
        List<Double> restartCpu =
                restart.stream().map(r -> Workload.round(r.cpuSeconds())).toList();
        startup.put("fresh_s", median(freshS));
        startup.put("restart_s", median(restartS));
        startup.put("fresh_cpu_s", median(freshCpu));
        startup.put("restart_cpu_s", median(restartCpu));
        startup.put("fresh_s_each", freshS);
        startup.put("restart_s_each", restartS);
        startup.put("fresh_cpu_s_each", freshCpu);
        startup.put("restart_cpu_s_each", restartCpu);
        startup.put("pairs", fresh.size());
        startup.put("jvm", ServerProcess.jvmVersion());
        startup.put("java", ServerProcess.javaExecutable());
        startup.put("run", ServerProcess.productionRun() ? "scripts/serve" : "java -jar (bench.java)");
        startup.put("aot_cache", ServerProcess.aotCache());
        return startup;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : Workload.round((sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2);
    }

    // ----- arms A and B -----------------------------------------------------------------------------------------

    /**
     * The measured workloads of a server arm; with {@code countRowsIn} (arm A's database), the rows every table gained
     * during the session-bundle workload are counted into {@link #rowsPerResource}.
     */
    private Map<String, Object> serverWorkloads(ServerProcess server, int patientOffset, TestDatabase countRowsIn)
            throws Exception {
        Map<String, Object> workloads = new LinkedHashMap<>();
        String vital = vitalTemplate();
        Workload.CpuMeter cpu = meter(server);
        renewToken(server);
        warmUp(server, vital);
        workloads.put(
                "vitals_post_1_client",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "vitals-1",
                                options.vitals(),
                                1,
                                i -> post(server, "/Observation", vital),
                                cpu,
                                errors)));
        workloads.put(
                "vitals_post_4_clients",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "vitals-4",
                                options.vitals(),
                                4,
                                i -> post(server, "/Observation", vital),
                                cpu,
                                errors)));
        // Each repetition writes sessions of its own patients: a session written again would be a no-op update.
        List<String> bundles = new ArrayList<>();
        for (int p = 0; p < options.bundlePatients() * REPETITIONS; p++) {
            SyntheticClinic.PatientRecords records = clinic.patient(patientOffset + p);
            post(server, "", json.encodeResourceToString(records.setup()));
            records.sessions().forEach(s -> bundles.add(json.encodeResourceToString(s)));
        }
        renewToken(server);
        int perRepetition = bundles.size() / REPETITIONS;
        Map<String, Long> rowsBefore = countRowsIn == null ? null : countRows(countRowsIn);
        workloads.put(
                "session_bundle",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "bundle",
                                perRepetition,
                                1,
                                i -> post(server, "", bundles.get(r * perRepetition + i)),
                                cpu,
                                errors)));
        if (countRowsIn != null) {
            int resources = bundles.stream().mapToInt(Benchmark::countEntries).sum();
            rowsPerResource.putAll(rowsPerResource(rowsBefore, countRows(countRowsIn), bundles.size(), resources));
        }
        // A transaction of 40 vital signs of one session (its first patient's first session, written above), new
        // resources every time (urn:uuid fullUrls, POST): what a monitor sends at the end of a session.
        List<String> vitals40 = vitals40Bundles(patientOffset, options.vitals40() * REPETITIONS);
        renewToken(server);
        workloads.put(
                "vitals_transaction_40",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "vitals-40",
                                options.vitals40(),
                                1,
                                i -> post(server, "", vitals40.get(r * options.vitals40() + i)),
                                cpu,
                                errors)));
        // Bulk load: whole patient records (set-up bundle, then each session bundle), two loaders, one per core.
        renewToken(server);
        workloads.put(
                "bulk_load_2_loaders",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "bulk",
                                options.bulkPatients(),
                                2,
                                i -> writeAll(server, bulkPatient(patientOffset, r, i)),
                                cpu,
                                errors)));
        workloads.putAll(readWorkloads(server));
        return workloads;
    }

    private Map<String, Object> readWorkloads(ServerProcess server) throws Exception {
        Map<String, Object> workloads = new LinkedHashMap<>();
        Workload.CpuMeter cpu = meter(server);
        renewToken(server);
        // Unmeasured warm-up of the read paths, so that small and large sizes compare warm servers.
        for (int i = 0; i < 50; i++) {
            get(server, "/Observation/bp" + (i % 2) + "-s" + (i % 10) + "-hr" + (i % 13));
            get(
                    server,
                    "/Observation?patient=Patient/bp" + (i % 2) + "&code="
                            + URLEncoder.encode(HR, StandardCharsets.UTF_8) + "&_sort=-date&_count=20");
            if (i % 10 == 0) {
                get(server, "/Patient/bp" + (i % 2) + "/$ketamine-progress");
            }
        }
        workloads.put(
                "read_by_id",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "read",
                                options.reads(),
                                1,
                                i -> get(server, "/Observation/b" + "p" + (i % 2) + "-s" + (i % 10) + "-hr" + (i % 13)),
                                cpu,
                                errors)));
        workloads.put(
                "chart_search",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "chart",
                                options.reads(),
                                1,
                                i -> get(
                                        server,
                                        "/Observation?patient=Patient/bp" + (i % 2) + "&code="
                                                + URLEncoder.encode(HR, StandardCharsets.UTF_8)
                                                + "&_sort=-date&_count=20"),
                                cpu,
                                errors)));
        workloads.put(
                "progress_operation",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "progress",
                                Math.max(5, options.reads() / 10),
                                1,
                                i -> get(server, "/Patient/bp" + (i % 2) + "/$ketamine-progress"),
                                cpu,
                                errors)));
        return workloads;
    }

    private Ready firstValidatedWrite(ServerProcess server) throws Exception {
        String patient = json.encodeResourceToString(
                        clinic.patient(999_999).setup().getEntryFirstRep().getResource())
                .replaceFirst("\"id\"\\s*:\\s*\"[^\"]*\",", "");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "nothing answered";
        // As a client would: get a token at the token endpoint, then write with it; the time includes both.
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(
                        server.authorize(HttpRequest.newBuilder(URI.create(server.base() + "/Patient")))
                                .header("Content-Type", "application/fhir+json")
                                .POST(HttpRequest.BodyPublishers.ofString(patient))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201) {
                    return new Ready((System.nanoTime() - server.startedNanos) / 1_000_000, server.cpuSeconds());
                }
                last = "POST /Patient: HTTP " + response.statusCode() + ": " + abbreviate(response.body());
            } catch (java.io.IOException | IllegalStateException notYet) {
                // not listening yet, or the token endpoint not ready yet
                last = String.valueOf(notYet.getMessage());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no validated write was accepted within " + START_TIMEOUT + "; last: " + last);
    }

    /** The number of vital signs in the vitals_transaction_40 workload's bundles. */
    static final int VITALS_PER_TRANSACTION = 40;

    /**
     * {@code count} transactions of 40 vital signs of the first session of patient {@code patientIndex}: its 39 (13
     * points of blood pressure, heart rate and SpO2) and a repeated pre-discharge heart rate, each a new resource.
     */
    private List<String> vitals40Bundles(int patientIndex, int count) {
        List<Observation> vitals = sessionVitals(patientIndex);
        List<String> bundles = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            for (Observation vital : vitals) {
                Observation copy = vital.copy();
                copy.setId((String) null);
                bundle.addEntry()
                        .setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
                        .setResource(copy)
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.POST)
                        .setUrl("Observation");
            }
            bundles.add(json.encodeResourceToString(bundle));
        }
        return bundles;
    }

    /** The same 40 vital signs as {@link #vitals40Bundles}, as the raw arm stores them (one JSON each, new ids). */
    private List<List<String>> vitals40Resources(int patientIndex, int count) {
        List<Observation> vitals = sessionVitals(patientIndex);
        List<List<String>> transactions = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            List<String> jsons = new ArrayList<>();
            for (Observation vital : vitals) {
                Observation copy = vital.copy();
                copy.setId("v40-" + java.util.UUID.randomUUID());
                jsons.add(json.encodeResourceToString(copy));
            }
            transactions.add(jsons);
        }
        return transactions;
    }

    private List<Observation> sessionVitals(int patientIndex) {
        List<Observation> vitals = clinic.patient(patientIndex).sessions().get(0).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(r ->
                        r instanceof Observation && r.getIdElement().getIdPart().matches(".*-s0-(bp|hr|sp)\\d+"))
                .map(Observation.class::cast)
                .collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        if (vitals.size() != 3 * SyntheticClinic.VITAL_POINTS) {
            throw new IllegalStateException("expected 39 session vital signs, found " + vitals.size());
        }
        Observation recheck = vitals.stream()
                .filter(v -> v.getIdElement().getIdPart().endsWith("-hr" + (SyntheticClinic.VITAL_POINTS - 1)))
                .findFirst()
                .orElseThrow()
                .copy();
        recheck.getValueQuantity()
                .setValue(recheck.getValueQuantity().getValue().intValue() + 2);
        vitals.add(recheck);
        return vitals;
    }

    /** Rows of every table in schema public, counted in one statement (one snapshot). */
    static Map<String, Long> countRows(TestDatabase db) throws Exception {
        Map<String, Long> rows = new java.util.TreeMap<>();
        try (var connection = db.connect()) {
            List<String> tables = new ArrayList<>();
            try (var rs = connection
                    .createStatement()
                    .executeQuery("select tablename from pg_tables where schemaname = 'public' order by 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            String sql = String.join(
                    " union all ",
                    tables.stream()
                            .map(t -> "select '" + t + "', count(*) from public.\"" + t + "\"")
                            .toList());
            try (var rs = connection.createStatement().executeQuery(sql)) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return rows;
    }

    /** Rows gained per table, per resource posted: the total, and by table (non-zero, most first). */
    static Map<String, Object> rowsPerResource(
            Map<String, Long> before, Map<String, Long> after, int bundles, int resources) {
        Map<String, Long> gained = new LinkedHashMap<>();
        after.forEach((table, rows) -> {
            long delta = rows - before.getOrDefault(table, 0L);
            if (delta != 0) {
                gained.put(table, delta);
            }
        });
        long total = gained.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Object> byTable = new LinkedHashMap<>();
        gained.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> byTable.put(e.getKey(), Workload.round((double) e.getValue() / resources)));
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("workload", "session_bundle, arm A, all repetitions");
        basis.put("bundles", bundles);
        basis.put("resources", resources);
        basis.put("rows", total);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rows_per_resource", Workload.round((double) total / resources));
        result.put("rows_by_table", byTable);
        result.put("basis", basis);
        return result;
    }

    /** The i-th bulk-load patient of a repetition: its own patients (above the bundle workload's), its first sessions. */
    private SyntheticClinic.PatientRecords bulkPatient(int patientOffset, int repetition, int i) {
        SyntheticClinic.PatientRecords p = clinic.patient(patientOffset + 50 + repetition * options.bulkPatients() + i);
        return new SyntheticClinic.PatientRecords(
                p.patientId(), p.setup(), p.sessions().subList(0, options.bulkSessions()));
    }

    private int writeAll(ServerProcess server, SyntheticClinic.PatientRecords records) throws Exception {
        int written = post(server, "", json.encodeResourceToString(records.setup()));
        for (Bundle session : records.sessions()) {
            written += post(server, "", json.encodeResourceToString(session));
        }
        return written;
    }

    private void warmUp(ServerProcess server, String vital) throws Exception {
        for (int i = 0; i < 10; i++) {
            post(server, "/Observation", vital);
            get(
                    server,
                    "/Observation?patient=Patient/bp0&code=" + URLEncoder.encode(HR, StandardCharsets.UTF_8)
                            + "&_sort=-date");
        }
    }

    private String vitalTemplate() {
        Bundle session = clinic.patient(0).sessions().get(0);
        Resource heartRate = session.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(r -> r.getIdElement().getIdPart().endsWith("-hr5"))
                .findFirst()
                .orElseThrow();
        heartRate = heartRate.copy();
        heartRate.setId((String) null);
        return json.encodeResourceToString(heartRate);
    }

    private int post(ServerProcess server, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(
                server.authorize(HttpRequest.newBuilder(URI.create(server.base() + path)))
                        .header("Content-Type", "application/fhir+json")
                        .header("Prefer", "return=minimal")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return path.isEmpty() ? countEntries(body) : 1;
    }

    private int get(ServerProcess server, String path) throws Exception {
        HttpResponse<String> response = http.send(
                server.authorize(HttpRequest.newBuilder(URI.create(server.base() + path)))
                        .header("Accept", "application/fhir+json")
                        .header("Cache-Control", "no-cache")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
        }
        return 1;
    }

    /** Renews the token outside the measured calls when a workload might otherwise outlast it. */
    private static void renewToken(ServerProcess server) {
        if (server.secured()) {
            server.token().renewIfExpiringWithin(Duration.ofMinutes(15));
        }
    }

    private static Workload.CpuMeter meter(ServerProcess server) {
        return new Workload.CpuMeter() {
            @Override
            public double server() {
                try {
                    return server.cpuSeconds();
                } catch (java.io.IOException e) {
                    return 0;
                }
            }

            @Override
            public double database() {
                return ServerProcess.ProcStat.postgresCpuSeconds();
            }
        };
    }

    // ----- arm C ------------------------------------------------------------------------------------------------

    private Map<String, Object> rawWorkloads(RawPostgres c, int patientOffset) throws Exception {
        Map<String, Object> workloads = new LinkedHashMap<>();
        String vital = vitalTemplate();
        Workload.CpuMeter cpu = rawMeter();
        workloads.put(
                "vitals_post_1_client",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run("raw-vitals-1", options.vitals(), 1, i -> c.insert(vital), cpu, errors)));
        workloads.put(
                "vitals_post_4_clients",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run("raw-vitals-4", options.vitals(), 4, i -> c.insert(vital), cpu, errors)));
        List<List<String>> bundles = new ArrayList<>();
        for (int p = 0; p < options.bundlePatients() * REPETITIONS; p++) {
            SyntheticClinic.PatientRecords records = clinic.patient(patientOffset + p);
            c.insertTransaction(jsons(records.setup()));
            records.sessions().forEach(s -> bundles.add(jsons(s)));
        }
        int perRepetition = bundles.size() / REPETITIONS;
        workloads.put(
                "session_bundle",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "raw-bundle",
                                perRepetition,
                                1,
                                i -> c.insertTransaction(bundles.get(r * perRepetition + i)),
                                cpu,
                                errors)));
        List<List<String>> vitals40 = vitals40Resources(patientOffset, options.vitals40() * REPETITIONS);
        workloads.put(
                "vitals_transaction_40",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "raw-vitals-40",
                                options.vitals40(),
                                1,
                                i -> c.insertTransaction(vitals40.get(r * options.vitals40() + i)),
                                cpu,
                                errors)));
        workloads.put(
                "bulk_load_2_loaders",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "raw-bulk",
                                options.bulkPatients(),
                                2,
                                i -> writeAll(c, bulkPatient(patientOffset, r, i)),
                                cpu,
                                errors)));
        workloads.putAll(rawReadWorkloads(c));
        return workloads;
    }

    private Map<String, Object> rawReadWorkloads(RawPostgres c) throws Exception {
        Map<String, Object> workloads = new LinkedHashMap<>();
        Workload.CpuMeter cpu = rawMeter();
        for (int i = 0; i < 50; i++) {
            c.readById("Observation", "bp" + (i % 2) + "-s" + (i % 10) + "-hr" + (i % 13));
            c.chart("Patient/bp" + (i % 2), HR);
        }
        workloads.put(
                "read_by_id",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "raw-read",
                                options.reads(),
                                1,
                                i -> c.readById("Observation", "bp" + (i % 2) + "-s" + (i % 10) + "-hr" + (i % 13)),
                                cpu,
                                errors)));
        workloads.put(
                "chart_search",
                Workload.median(
                        REPETITIONS,
                        r -> Workload.run(
                                "raw-chart",
                                options.reads(),
                                1,
                                i -> c.chart("Patient/bp" + (i % 2), HR),
                                cpu,
                                errors)));
        return workloads;
    }

    /** A patient's whole record into the raw table, as {@link #writeAll(ServerProcess, SyntheticClinic.PatientRecords)} sends it. */
    private int writeAll(RawPostgres c, SyntheticClinic.PatientRecords records) throws Exception {
        int written = c.insertTransaction(jsons(records.setup()));
        for (Bundle session : records.sessions()) {
            written += c.insertTransaction(jsons(session));
        }
        return written;
    }

    private static Workload.CpuMeter rawMeter() {
        return new Workload.CpuMeter() {
            @Override
            public double server() {
                return 0;
            }

            @Override
            public double database() {
                return ServerProcess.ProcStat.postgresCpuSeconds();
            }
        };
    }

    // ----- results ----------------------------------------------------------------------------------------------

    private List<String> jsons(Bundle bundle) {
        return bundle.getEntry().stream()
                .map(e -> json.encodeResourceToString(e.getResource()))
                .toList();
    }

    private static int countEntries(String bundleJson) {
        int count = 0;
        for (int at = bundleJson.indexOf("\"request\""); at >= 0; at = bundleJson.indexOf("\"request\"", at + 1)) {
            count++;
        }
        return count;
    }

    private static long storedResources(TestDatabase db) throws Exception {
        try (var connection = db.connect();
                var rs = connection.createStatement().executeQuery("select count(*) from hfj_resource")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Object> reads(Map<String, Object> workloads) {
        Map<String, Object> reads = new LinkedHashMap<>();
        for (String name : List.of("read_by_id", "chart_search")) {
            reads.put(name + "_p50_ms", ((Map<?, ?>) workloads.get(name)).get("p50_ms"));
        }
        return reads;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ratios(Map<String, Object> arms, Map<String, Object> growth) {
        Map<String, Object> a = (Map<String, Object>) ((Map<String, Object>) arms.get("A_validated")).get("workloads");
        Map<String, Object> b =
                (Map<String, Object>) ((Map<String, Object>) arms.get("B_unvalidated")).get("workloads");
        Map<String, Object> c =
                (Map<String, Object>) ((Map<String, Object>) arms.get("C_raw_postgres")).get("workloads");
        Map<String, Object> d =
                (Map<String, Object>) ((Map<String, Object>) arms.get("D_unvalidated_no_security")).get("workloads");
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratios.put("metric", "p50 latency of one session transaction bundle (about 42 resources)");
        ratios.put("validation_cost", ratio(a, b, "session_bundle"));
        ratios.put("validation_cost_vitals_40", ratio(a, b, "vitals_transaction_40"));
        ratios.put(
                "validation_cost_vitals_40_metric",
                "p50 latency of a transaction of 40 vital signs of one session, A/B");
        ratios.put("stack_cost", ratio(b, c, "session_bundle"));
        ratios.put("total_cost", ratio(a, c, "session_bundle"));
        ratios.put("security_cost", ratio(b, d, "read_by_id"));
        ratios.put(
                "security_cost_metric",
                "p50 latency of read by id, B/D (security and audit on / off, both unvalidated): "
                        + "the lightest request, where the fixed cost per request (token check, access rules, audit write) shows most");
        Map<String, Object> byWorkload = new LinkedHashMap<>();
        for (String name : a.keySet()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("validation_cost", ratio(a, b, name));
            if (d.containsKey(name)) {
                r.put("security_cost", ratio(b, d, name));
            }
            if (c.containsKey(name)) {
                r.put("stack_cost", ratio(b, c, name));
                r.put("total_cost", ratio(a, c, name));
            }
            byWorkload.put(name, r);
        }
        ratios.put("by_workload", byWorkload);
        Map<String, Object> bSmall = (Map<String, Object>) growth.get("B_small");
        Map<String, Object> bLarge = (Map<String, Object>) growth.get("B_large");
        ratios.put(
                "read_growth",
                Workload.round(num(bLarge.get("chart_search_p50_ms")) / num(bSmall.get("chart_search_p50_ms"))));
        ratios.put(
                "read_by_id_growth",
                Workload.round(num(bLarge.get("read_by_id_p50_ms")) / num(bSmall.get("read_by_id_p50_ms"))));
        return ratios;
    }

    private static double ratio(Map<String, Object> x, Map<String, Object> y, String workload) {
        return Workload.round(
                num(((Map<?, ?>) x.get(workload)).get("p50_ms")) / num(((Map<?, ?>) y.get(workload)).get("p50_ms")));
    }

    private static double num(Object value) {
        return Math.max(1e-6, ((Number) value).doubleValue());
    }

    private void write(Map<String, Object> result) throws Exception {
        Files.createDirectories(options.out());
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(options.out().resolve("result.json").toFile(), result);
        Files.writeString(options.out().resolve("result.md"), markdown(result));
    }

    /** result.md from result.json's content (also after scripts/bench --soak has merged its figures in). */
    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> result) {
        StringBuilder md = new StringBuilder("# Benchmark (" + result.get("mode") + ")\n\n");
        Map<String, Object> ratios = (Map<String, Object>) result.get("ratios");
        md.append("validation_cost (A/B) ")
                .append(ratios.get("validation_cost"))
                .append(", stack_cost (B/C) ")
                .append(ratios.get("stack_cost"))
                .append(", total_cost (A/C) ")
                .append(ratios.get("total_cost"))
                .append(", read_growth ")
                .append(ratios.get("read_growth"))
                .append(" (")
                .append(ratios.get("metric"))
                .append("; growth: chart search p50 at ")
                .append(((Map<String, Object>) result.get("growth")).get("large_size_resources"))
                .append(" vs about 1k resources)\n\n")
                .append("security_cost (B/D) ")
                .append(ratios.get("security_cost"))
                .append(" (")
                .append(ratios.get("security_cost_metric"))
                .append("); per workload:");
        ((Map<String, Object>) ratios.get("by_workload")).forEach((name, r) -> {
            Object cost = ((Map<String, Object>) r).get("security_cost");
            if (cost != null) {
                md.append(' ').append(name).append(' ').append(cost);
            }
        });
        md.append(
                "\n\nA and B run with SMART access tokens (a backend-services client the benchmark registers at the embedded "
                        + "authorization server) and the audit trail; D has ketamine.security.enabled=false.\n\n");
        md.append(
                "| arm | workload | requests | clients | p50 ms | p95 ms | p99 ms | req/s | resources/s | server CPU ms/res | DB CPU ms/res |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Object> arm : ((Map<String, Object>) result.get("arms")).entrySet()) {
            Map<String, Object> workloads =
                    (Map<String, Object>) ((Map<String, Object>) arm.getValue()).get("workloads");
            for (Map.Entry<String, Object> w : workloads.entrySet()) {
                Map<String, Object> m = (Map<String, Object>) w.getValue();
                md.append("| ").append(arm.getKey()).append(" | ").append(w.getKey());
                for (String key : List.of(
                        "requests",
                        "clients",
                        "p50_ms",
                        "p95_ms",
                        "p99_ms",
                        "throughput_per_s",
                        "resources_per_s",
                        "server_cpu_ms_per_resource",
                        "db_cpu_ms_per_resource")) {
                    md.append(" | ").append(m.get(key));
                }
                md.append(" |\n");
            }
        }
        Map<String, Object> arms = (Map<String, Object>) result.get("arms");
        md.append("\nHeadline: startup_s ")
                .append(result.get("startup_s"))
                .append(", rss_peak_mb ")
                .append(result.get("rss_peak_mb"))
                .append(" (arm A), bulk_load_validated_resources_per_s ")
                .append(result.get("bulk_load_validated_resources_per_s"))
                .append("; every workload ran ")
                .append(result.get("repetitions_per_workload"))
                .append(" times per arm and the figures are the median repetition's")
                .append(" (by p50); JVM: ")
                .append(String.join(" ", (List<String>) result.get("jvm_options")))
                .append('\n');
        Map<String, Object> startup = (Map<String, Object>) result.get("startup");
        if (startup != null) {
            md.append("\nStart-up (JVM ")
                    .append(startup.get("jvm"))
                    .append(", median of ")
                    .append(startup.get("pairs"))
                    .append("): fresh database ")
                    .append(startup.get("fresh_s"))
                    .append(" s (")
                    .append(startup.get("fresh_cpu_s"))
                    .append(" CPU-s; each ")
                    .append(startup.get("fresh_s_each"))
                    .append(" s, ")
                    .append(startup.get("fresh_cpu_s_each"))
                    .append(" CPU-s), restart ")
                    .append(startup.get("restart_s"))
                    .append(" s (")
                    .append(startup.get("restart_cpu_s"))
                    .append(" CPU-s; each ")
                    .append(startup.get("restart_s_each"))
                    .append(" s, ")
                    .append(startup.get("restart_cpu_s_each"))
                    .append(" CPU-s), to the first accepted validated write.\n");
        }
        if (result.get("rows_per_resource") != null) {
            md.append("\nRows written per resource (arm A, session bundles, ")
                    .append(result.get("rows_basis"))
                    .append("): ")
                    .append(result.get("rows_per_resource"))
                    .append("; by table: ")
                    .append(result.get("rows_by_table"))
                    .append('\n');
        }
        md.append("\nvalidation_cost_vitals_40 (A/B, a transaction of 40 vital signs): ")
                .append(ratios.get("validation_cost_vitals_40"))
                .append('\n');
        Map<String, Object> soak = (Map<String, Object>) result.get("soak");
        if (soak != null) {
            md.append("\nSoak (")
                    .append(soak.get("minutes"))
                    .append(" min, ")
                    .append(soak.get("gc"))
                    .append(" collector): pause share ")
                    .append(soak.get("pause_share"))
                    .append(" (per minute ")
                    .append(soak.get("pause_share_per_minute"))
                    .append("), p99 after warm-up (first ")
                    .append(soak.get("warmup_excluded_s"))
                    .append(" s) ")
                    .append(soak.get("p99_ms_after_first_minute"))
                    .append(" ms, peak RSS ")
                    .append(soak.get("rss_peak_mb"))
                    .append(" MB, ")
                    .append(soak.get("requests"))
                    .append(" requests, ")
                    .append(soak.get("errors"))
                    .append(" errors\n");
        }
        md.append("\nStart-up to the first accepted validated write on a fresh database: ")
                .append(((Map<String, Object>) arms.get("A_validated")).get("startup_ms_to_first_validated_write"))
                .append(" ms. RSS: A ")
                .append(((Map<String, Object>) arms.get("A_validated")).get("rss_mb_at_ready"))
                .append(" MB at ready, ")
                .append(((Map<String, Object>) arms.get("A_validated")).get("rss_mb_peak"))
                .append(" MB peak; B ")
                .append(((Map<String, Object>) arms.get("B_unvalidated")).get("rss_mb_at_ready"))
                .append(" MB at ready, ")
                .append(((Map<String, Object>) arms.get("B_unvalidated")).get("rss_mb_peak"))
                .append(" MB peak; D ")
                .append(((Map<String, Object>) arms.get("D_unvalidated_no_security")).get("rss_mb_at_ready"))
                .append(" MB at ready, ")
                .append(((Map<String, Object>) arms.get("D_unvalidated_no_security")).get("rss_mb_peak"))
                .append(" MB peak.\n\nGrowth: ")
                .append(result.get("growth"))
                .append("\n\nFailed requests: ")
                .append(result.get("errors"))
                .append('\n');
        return md.toString();
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
