package org.ketaminefhir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

		Map<String, Object> result = Benchmark.run(Benchmark.Options.parse(new String[] {"--smoke", "--out", out.toString()}));

		assertThat(result.get("errors")).isEqualTo(0);
		Map<String, Object> ratios = (Map<String, Object>) result.get("ratios");
		for (String ratio : new String[] {"validation_cost", "stack_cost", "total_cost", "read_growth"}) {
			assertThat(((Number) ratios.get(ratio)).doubleValue()).as(ratio).isPositive();
		}
		assertThat((Map<String, Object>) result.get("arms")).containsKeys("A_validated", "B_unvalidated", "C_raw_postgres");
		assertThat(out.resolve("result.json")).exists();
		assertThat(Files.readString(out.resolve("result.md"))).contains("| A_validated | session_bundle |");
	}
}
