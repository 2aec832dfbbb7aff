package org.ketaminefhir.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs one measured workload: {@code count} calls on {@code clients} threads, each call timed. */
final class Workload {

    /** One call; returns how many resources it wrote or read. Throws on any failure. */
    interface Call {
        int run(int i) throws Exception;
    }

    /** Measures CPU of the server and database around the workload. */
    interface CpuMeter {
        double server();

        double database();
    }

    static Map<String, Object> run(String name, int count, int clients, Call call, CpuMeter cpu, List<String> errors)
            throws Exception {
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger resources = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        double serverBefore = cpu.server();
        double dbBefore = cpu.database();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        resources.addAndGet(call.run(i));
                        nanos.add(System.nanoTime() - t0);
                    } catch (Exception e) {
                        errors.add(name + " #" + i + ": " + e.getMessage());
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        double serverCpu = cpu.server() - serverBefore;
        // Summed over all PostgreSQL processes: a backend that exits during the run takes its time with it.
        double dbCpu = Math.max(0, cpu.database() - dbBefore);
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requests", count);
        result.put("clients", clients);
        result.put("resources", resources.get());
        result.put("p50_ms", percentile(sorted, 50));
        result.put("p95_ms", percentile(sorted, 95));
        result.put("p99_ms", percentile(sorted, 99));
        result.put("throughput_per_s", round(count / seconds));
        result.put("resources_per_s", round(resources.get() / seconds));
        result.put("server_cpu_ms_per_resource", round(1000 * serverCpu / Math.max(1, resources.get())));
        result.put("db_cpu_ms_per_resource", round(1000 * dbCpu / Math.max(1, resources.get())));
        return result;
    }

    /** One repetition of a workload; {@code repetition} counts from 0. */
    interface Repetition {
        Map<String, Object> run(int repetition) throws Exception;
    }

    /**
     * Runs the workload {@code repetitions} times and reports the repetition whose p50 is the median, with every
     * repetition's p50 beside it, so that one noisy run cannot decide a figure.
     */
    static Map<String, Object> median(int repetitions, Repetition repetition) throws Exception {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            runs.add(repetition.run(r));
        }
        List<Map<String, Object>> byP50 = new ArrayList<>(runs);
        byP50.sort(java.util.Comparator.comparingDouble(run -> ((Number) run.get("p50_ms")).doubleValue()));
        Map<String, Object> median = new LinkedHashMap<>(byP50.get((byP50.size() - 1) / 2));
        median.put("repetitions", repetitions);
        median.put(
                "p50_ms_of_each_repetition",
                runs.stream().map(run -> run.get("p50_ms")).toList());
        return median;
    }

    static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return round(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6);
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
