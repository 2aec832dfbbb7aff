package org.ketaminefhir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark in smoke mode against the packaged server jar (so it runs after {@code package}, under failsafe),
 * so that the instrument never rots: the workloads of every arm, a fresh start and a restart, the rows per resource
 * and a short soak segment on arm A's server (the soak's drill, scripts/bench --soak, shares its code). The full run is
 * scripts/bench, not part of CI.
 */
class BenchmarkSmokeIT {

    @Test
    @SuppressWarnings("unchecked")
    void theSmokeRunCompletesWithoutAFailedRequestAndReportsEveryRatio() throws Exception {
        Path out = Path.of("target/bench-smoke");

        Map<String, Object> result =
                Benchmark.run(Benchmark.Options.parse(new String[] {"--smoke", "--out", out.toString()}));

        assertThat(result.get("errors"))
                .as("failed requests: %s", result.get("error_samples"))
                .isEqualTo(0);
        Map<String, Object> ratios = (Map<String, Object>) result.get("ratios");
        for (String ratio :
                new String[] {"validation_cost", "stack_cost", "total_cost", "read_growth", "security_cost"}) {
            assertThat(((Number) ratios.get(ratio)).doubleValue()).as(ratio).isPositive();
        }
        Map<String, Object> byWorkload = (Map<String, Object>) ratios.get("by_workload");
        for (String workload : new String[] {"vitals_post_1_client", "read_by_id", "chart_search"}) {
            assertThat(((Number) ((Map<String, Object>) byWorkload.get(workload)).get("security_cost")).doubleValue())
                    .as("security_cost of " + workload)
                    .isPositive();
        }
        Map<String, Object> arms = (Map<String, Object>) result.get("arms");
        assertThat(arms).containsKeys("A_validated", "B_unvalidated", "C_raw_postgres", "D_unvalidated_no_security");
        // A and B ran on real access tokens from the embedded authorization server (else every request fails with 401).
        for (String arm : new String[] {"A_validated", "B_unvalidated"}) {
            assertThat((Map<String, Object>) arms.get(arm)).as(arm).containsEntry("security", "on");
            assertThat(((Number) ((Map<String, Object>) arms.get(arm)).get("tokens_obtained")).intValue())
                    .as(arm)
                    .isPositive();
        }
        assertThat((Map<String, Object>) arms.get("D_unvalidated_no_security")).containsEntry("security", "off");
        for (String headline : new String[] {"startup_s", "rss_peak_mb", "bulk_load_validated_resources_per_s"}) {
            assertThat(((Number) result.get(headline)).doubleValue())
                    .as(headline)
                    .isPositive();
        }
        // Every workload of every arm is the median of three repetitions, each reported.
        for (String arm :
                new String[] {"A_validated", "B_unvalidated", "C_raw_postgres", "D_unvalidated_no_security"}) {
            Map<String, Object> workloads =
                    (Map<String, Object>) ((Map<String, Object>) arms.get(arm)).get("workloads");
            assertThat(workloads).as(arm).containsKeys("session_bundle", "bulk_load_2_loaders", "read_by_id");
            workloads.forEach((name, w) -> {
                List<Number> p50s = (List<Number>) ((Map<String, Object>) w).get("p50_ms_of_each_repetition");
                assertThat(p50s).as(arm + " " + name).hasSize(Benchmark.REPETITIONS);
                double median =
                        p50s.stream().mapToDouble(Number::doubleValue).sorted().toArray()[(p50s.size() - 1) / 2];
                assertThat(((Number) ((Map<String, Object>) w).get("p50_ms")).doubleValue())
                        .as(arm + " " + name)
                        .isEqualTo(median);
            });
        }
        // Rows per resource of arm A's session bundles, from count(*) of every table before and after.
        assertThat(((Number) result.get("rows_per_resource")).doubleValue())
                .as("rows_per_resource")
                .isBetween(1.0, 100.0);
        assertThat((Map<String, Object>) result.get("rows_by_table"))
                .as("rows_by_table")
                .isNotEmpty()
                .containsKey("hfj_resource");
        assertThat(((Number) ratios.get("validation_cost_vitals_40")).doubleValue())
                .as("validation_cost_vitals_40")
                .isPositive();
        // The soak segment on arm A's server.
        Map<String, Object> soak = (Map<String, Object>) result.get("soak");
        assertThat(soak).as("soak").isNotNull();
        assertThat(soak.get("errors"))
                .as("soak errors: %s", result.get("error_samples"))
                .isEqualTo(0);
        assertThat(((Number) soak.get("requests")).intValue()).isGreaterThan(30);
        assertThat(((Number) soak.get("pause_share")).doubleValue())
                .as("pause_share")
                .isGreaterThanOrEqualTo(0.0)
                .isLessThan(1.0);
        assertThat(((Number) soak.get("p99_ms_after_first_minute")).doubleValue())
                .as("p99_ms_after_first_minute")
                .isPositive();
        assertThat(((Number) soak.get("rss_peak_mb")).doubleValue())
                .as("rss_peak_mb")
                .isPositive();
        assertThat((String) soak.get("gc")).isNotBlank();
        Map<String, Object> soakRun = new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(out.resolve("soak.json").toFile(), Map.class);
        List<Map<String, Object>> minutes = (List<Map<String, Object>>) soakRun.get("per_minute");
        assertThat(minutes).isNotEmpty();
        assertThat(((Number) minutes.get(0).get("p99_ms")).doubleValue())
                .isGreaterThanOrEqualTo(((Number) minutes.get(0).get("p50_ms")).doubleValue())
                .isPositive();
        // the load makes the young generation fill: the collector's log was read
        assertThat(minutes.stream()
                        .flatMap(m -> ((List<Number>) m.get("heap_after_gc_mb")).stream())
                        .toList())
                .as("heap after each collection during the soak")
                .isNotEmpty();
        assertThat(Files.readString(out.resolve("soak.md"))).contains("| 1 | ");
        assertThat(out.resolve("result.json")).exists();
        assertThat(Files.readString(out.resolve("result.md")))
                .contains("| A_validated | session_bundle |")
                .contains("| D_unvalidated_no_security | read_by_id |")
                .contains("security_cost (B/D)")
                .contains("Start-up (JVM ")
                .contains("Rows written per resource")
                .contains("Soak (");
        // Start-up, last (a machine under other load is slow to start; every other figure is checked first): a fresh
        // start and a restart, each to its first validated write, with the server's CPU.
        Map<String, Object> startup = (Map<String, Object>) result.get("startup");
        assertThat(startup).as("startup").isNotNull();
        for (String key : new String[] {"fresh_s", "restart_s"}) {
            assertThat(((Number) startup.get(key)).doubleValue()).as(key).isStrictlyBetween(0.0, 180.0);
        }
        for (String key : new String[] {"fresh_cpu_s", "restart_cpu_s"}) {
            assertThat(((Number) startup.get(key)).doubleValue()).as(key).isPositive();
        }
        for (String key : new String[] {"fresh_s_each", "restart_s_each", "fresh_cpu_s_each", "restart_cpu_s_each"}) {
            assertThat((List<Number>) startup.get(key)).as(key).hasSize(1);
        }
        assertThat((String) startup.get("jvm")).as("the servers' java.version").matches("\\d+.*");
        assertThat(((Number) result.get("startup_s")).doubleValue())
                .isEqualTo(((Number) startup.get("fresh_s")).doubleValue());
    }
}
