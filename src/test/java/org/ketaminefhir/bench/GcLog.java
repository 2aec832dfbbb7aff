package org.ketaminefhir.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's log ({@code -Xlog:gc}, JDK 17 and later): its stop-the-world pauses, whatever the collector. Each
 * collector names its pauses in its own words (Parallel and Serial "Pause Young (Allocation Failure)", "Pause Full
 * (Ergonomics)"; G1 "Pause Young (Normal) (G1 Evacuation Pause)", "Pause Remark", "Pause Cleanup"; Shenandoah "Pause
 * Init Mark", without heap sizes), but every pause line has the same shape: uptime, {@code GC(n) Pause <what>},
 * optionally the heap before, after and its size, and the pause's duration. Concurrent phases ("Concurrent Mark
 * Cycle") and ZGC's collections (whose pauses are logged under gc+phases only) are not pauses and are not counted.
 */
final class GcLog {

    private static final Pattern PAUSE = Pattern.compile("\\[(\\d+(?:\\.\\d+)?)s].*? GC\\(\\d+\\) Pause (.+?)"
            + "(?: (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\))? (\\d+(?:\\.\\d+)?)(ms|s)\\s*$");
    private static final Pattern USING = Pattern.compile("\\] Using (.+)$");

    private GcLog() {}

    /**
     * One pause: when it ended (seconds of JVM uptime), what it was ("Young", "Full", "Remark", ...), why (the rest of
     * its name, e.g. "(Allocation Failure)"), the heap after it in MB (-1 when the line gives none) and its length.
     */
    record Pause(double atSeconds, String kind, String cause, long heapAfterMb, double pauseMs) {}

    /** The pause a line reports, if it reports one. */
    static Optional<Pause> parse(String line) {
        Matcher m = PAUSE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        double duration = Double.parseDouble(m.group(9));
        String name = m.group(2);
        int cause = name.indexOf(" (");
        return Optional.of(new Pause(
                Double.parseDouble(m.group(1)),
                cause < 0 ? name : name.substring(0, cause),
                cause < 0 ? "" : name.substring(cause + 1),
                m.group(5) == null ? -1 : megabytes(Long.parseLong(m.group(5)), m.group(6)),
                m.group(10).equals("s") ? duration * 1000 : duration));
    }

    /** Every pause in the log (none if there is no log). */
    static List<Pause> read(Path gcLog) throws IOException {
        List<Pause> pauses = new ArrayList<>();
        if (!Files.exists(gcLog)) {
            return pauses;
        }
        for (String line : Files.readAllLines(gcLog)) {
            parse(line).ifPresent(pauses::add);
        }
        return pauses;
    }

    /** The collector the JVM options choose ("Parallel", "G1", ...), else the one the log says it used, else "G1". */
    static String collector(List<String> jvmOptions, Path gcLog) throws IOException {
        for (String option : jvmOptions) {
            Matcher m = Pattern.compile("^-XX:\\+Use(\\w+?)GC$").matcher(option);
            if (m.find()) {
                return m.group(1);
            }
        }
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = USING.matcher(line);
                if (m.find()) {
                    return m.group(1).trim();
                }
            }
        }
        return "G1";
    }

    /** Total pause time (ms) of the pauses that ended within [fromSeconds, toSeconds) of JVM uptime. */
    static double pauseMs(List<Pause> pauses, double fromSeconds, double toSeconds) {
        return pauses.stream()
                .filter(p -> p.atSeconds() >= fromSeconds && p.atSeconds() < toSeconds)
                .mapToDouble(Pause::pauseMs)
                .sum();
    }

    private static long megabytes(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
