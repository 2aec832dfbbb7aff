package org.ketaminefhir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark in smoke mode against the packaged server jar (so it runs after {@code package}, under failsafe),
 * so that the instrument never rots. The full run is scripts/bench, not part of CI.
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
        assertThat(out.resolve("result.json")).exists();
        assertThat(Files.readString(out.resolve("result.md")))
                .contains("| A_validated | session_bundle |")
                .contains("| D_unvalidated_no_security | read_by_id |")
                .contains("security_cost (B/D)");
    }
}
