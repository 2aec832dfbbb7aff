package org.ketaminefhir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One minute of the soak (scripts/bench --soak MINUTES), so that the long drill never rots. */
class SoakSmokeIT {

    @Test
    @SuppressWarnings("unchecked")
    void aMinuteOfMixedClinicLoadHasNoErrorAndReportsLatencyAndHeapPerMinute() throws Exception {
        Path out = Path.of("target/soak-smoke");

        Map<String, Object> result = Soak.run(1, out);

        assertThat(result.get("errors"))
                .as("errors: %s", result.get("error_samples"))
                .isEqualTo(0);
        assertThat(((Number) result.get("requests")).intValue()).isGreaterThan(50);
        List<Map<String, Object>> minutes = (List<Map<String, Object>>) result.get("per_minute");
        assertThat(minutes).isNotEmpty();
        assertThat(((Number) minutes.get(0).get("p99_ms")).doubleValue()).isPositive();
        assertThat(((Number) minutes.get(0).get("p99_ms")).doubleValue())
                .isGreaterThanOrEqualTo(((Number) minutes.get(0).get("p50_ms")).doubleValue());
        // a minute of this load makes the young generation fill more than once: the collector's log was read
        assertThat((List<Number>) minutes.get(0).get("heap_after_gc_mb")).isNotEmpty();
        assertThat(Files.readString(out.resolve("soak.md"))).contains("| 1 | ");
    }
}
