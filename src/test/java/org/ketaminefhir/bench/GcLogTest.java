package org.ketaminefhir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The soak's reading of the collector's log: real -Xlog:gc lines of each collector (JDK 17 and 25). */
class GcLogTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            [3.632s][info][gc] GC(0) Pause Young (Allocation Failure) 16M->4M(61M) 110.109ms | 3.632 | Young | (Allocation Failure) | 4 | 110.109
            [4.481s][info][gc] GC(28) Pause Full (Ergonomics) 55M->14M(50M) 60.172ms | 4.481 | Full | (Ergonomics) | 14 | 60.172
            [4.551s][info][gc] GC(37) Pause Full (System.gc()) 28M->19M(51M) 38.358ms | 4.551 | Full | (System.gc()) | 19 | 38.358
            [2.951s][info][gc] GC(18) Pause Full (Allocation Failure) 59M->16M(61M) 24.190ms | 2.951 | Full | (Allocation Failure) | 16 | 24.190
            [2.769s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 15M->4M(64M) 44.326ms | 2.769 | Young | (Normal) (G1 Evacuation Pause) | 4 | 44.326
            [3.868s][info][gc] GC(17) Pause Young (Mixed) (G1 Evacuation Pause) (Evacuation Failure: Allocation) 58M->46M(64M) 2.532ms | 3.868 | Young | (Mixed) (G1 Evacuation Pause) (Evacuation Failure: Allocation) | 46 | 2.532
            [3.814s][info][gc] GC(8) Pause Young (Concurrent Start) (G1 Evacuation Pause) 53M->35M(64M) 1.126ms | 3.814 | Young | (Concurrent Start) (G1 Evacuation Pause) | 35 | 1.126
            [3.849s][info][gc] GC(9) Pause Remark 47M->43M(64M) 1.795ms | 3.849 | Remark | none | 43 | 1.795
            [3.860s][info][gc] GC(9) Pause Cleanup 45M->45M(64M) 0.024ms | 3.860 | Cleanup | none | 45 | 0.024
            [1.956s][info][gc] GC(0) Pause Init Mark (unload classes) 0.023ms | 1.956 | Init Mark | (unload classes) | -1 | 0.023
            [12.5s][info][gc] GC(3) Pause Full (Ergonomics) 1G->512M(2G) 1250.5ms | 12.5 | Full | (Ergonomics) | 512 | 1250.5
            [2026-12-07T22:30:01.123+0000][12.001s][info][gc] GC(4) Pause Young (Allocation Failure) 2048K->1024K(8192K) 0.5ms | 12.001 | Young | (Allocation Failure) | 1 | 0.5
            """)
    void readsThePauseOfEveryCollector(
            String line, double at, String kind, String cause, long heapAfterMb, double pauseMs) {
        assertThat(GcLog.parse(line))
                .contains(new GcLog.Pause(at, kind, cause == null ? "" : cause, heapAfterMb, pauseMs));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            [0.033s][info][gc] Using G1
            [3.863s][info][gc] GC(9) Concurrent Mark Cycle 49.326ms
            [1.048s][info][gc] GC(0) Major Collection (Warmup) 8M(12%)->8M(12%) 0.045s
            [0.015s][info][gc] Using Parallel
            """)
    void linesThatAreNoPauseAreNotCounted(String line) {
        assertThat(GcLog.parse(line)).isEmpty();
    }

    @Test
    void sumsThePausesOfAWindowAndNamesTheCollector(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server-gc.log");
        Files.write(
                log,
                List.of(
                        "[0.033s][info][gc] Using G1",
                        "[9.0s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 15M->4M(64M) 40ms",
                        "[10.5s][info][gc] GC(1) Pause Young (Normal) (G1 Evacuation Pause) 12M->5M(64M) 60ms",
                        "[11.0s][info][gc] GC(2) Concurrent Mark Cycle 49.326ms",
                        "[11.5s][info][gc] GC(2) Pause Remark 47M->43M(64M) 2ms",
                        "[20.0s][info][gc] GC(3) Pause Full (G1 Compaction Pause) 60M->30M(64M) 100ms"));

        List<GcLog.Pause> pauses = GcLog.read(log);

        assertThat(pauses).hasSize(4);
        assertThat(GcLog.pauseMs(pauses, 10, 20)).isEqualTo(62.0);
        assertThat(GcLog.collector(List.of("-Xmx768m"), log)).isEqualTo("G1");
        assertThat(GcLog.collector(List.of("-Xmx768m", "-XX:+UseParallelGC"), log))
                .isEqualTo("Parallel");
        assertThat(GcLog.read(dir.resolve("absent.log"))).isEmpty();
    }
}
