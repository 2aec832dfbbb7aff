package org.ketaminefhir.server.clinical.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The measures of measurement-based care, as pure functions: an instrument's baseline and its response and remission
 * verdicts, and when the next session is due by the plan.
 */
public final class ProgressMeasures {

    /** One rating-scale total and when it was scored ({@code dateText} as recorded, for display). */
    public record Score(Instant when, int value, String dateText) {}

    /**
     * What a series of scores says.
     *
     * @param baseline the pre-treatment score the series is measured against, if there is one
     * @param baselineMissing whether treatment has begun without a score in the baseline window before it
     * @param latest the latest score
     * @param verdict change, response and remission, only with a baseline and a score after treatment began
     */
    public record Assessment(
            Optional<Score> baseline, boolean baselineMissing, Score latest, Optional<Verdict> verdict) {}

    /**
     * @param change latest minus baseline
     * @param percentChange change in percent of the baseline (one decimal), null for a baseline of 0
     * @param response whether the score dropped by at least the configured fraction, null for a baseline of 0
     * @param remission whether the latest score is at or below the instrument's remission score, null if none configured
     */
    public record Verdict(int change, BigDecimal percentChange, Boolean response, Boolean remission) {}

    /** An active plan's maintenance: every {@code everyWeeks} weeks, not before {@code from}. */
    public record Maintenance(int everyWeeks, LocalDate from) {}

    private ProgressMeasures() {}

    /**
     * Assesses a series (oldest first, not empty). The baseline is the last score dated at or before the first session
     * and at most {@code baselineWindowDays} before it; before any session, the latest score so far. Without a
     * baseline, or without a score after the first session, there is no verdict.
     */
    public static Assessment assess(
            List<Score> series, Instant firstSession, ProgressSettings settings, Integer remissionMax) {
        Score latest = series.get(series.size() - 1);
        if (firstSession == null) {
            return new Assessment(Optional.of(latest), false, latest, Optional.empty());
        }
        Duration window = Duration.ofDays(settings.baselineWindowDays());
        Optional<Score> baseline = series.stream()
                .filter(s -> !s.when().isAfter(firstSession)
                        && Duration.between(s.when(), firstSession).compareTo(window) <= 0)
                .reduce((earlier, later) -> later);
        if (baseline.isEmpty() || !latest.when().isAfter(firstSession)) {
            return new Assessment(baseline, baseline.isEmpty(), latest, Optional.empty());
        }
        int from = baseline.get().value();
        int change = latest.value() - from;
        BigDecimal percent = null;
        Boolean response = null;
        if (from > 0) {
            percent = BigDecimal.valueOf(change * 100L).divide(BigDecimal.valueOf(from), 1, RoundingMode.HALF_UP);
            response = BigDecimal.valueOf(-change)
                            .compareTo(settings.responseMinDrop().multiply(BigDecimal.valueOf(from)))
                    >= 0;
        }
        Boolean remission = remissionMax == null ? null : latest.value() <= remissionMax;
        return new Assessment(baseline, false, latest, Optional.of(new Verdict(change, percent, response, remission)));
    }

    /**
     * When the next session is due: the earliest planned induction session after the last completed one (any planned
     * one if none is completed); after induction, the last completed session plus the maintenance interval, not before
     * the maintenance start (at the time of day of the last session).
     */
    public static Optional<Instant> nextSessionDue(
            List<Instant> plannedSessions, List<Maintenance> maintenance, Instant lastCompleted) {
        Instant best = null;
        for (Instant planned : plannedSessions) {
            if (lastCompleted == null || planned.isAfter(lastCompleted)) {
                best = earlier(best, planned);
            }
        }
        if (lastCompleted != null) {
            Duration timeOfDay = Duration.between(
                    lastCompleted
                            .atZone(ZoneOffset.UTC)
                            .toLocalDate()
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant(),
                    lastCompleted);
            for (Maintenance m : maintenance) {
                Instant next = lastCompleted.plus(Duration.ofDays(7L * m.everyWeeks()));
                if (m.from() != null) {
                    Instant from =
                            m.from().atStartOfDay(ZoneOffset.UTC).toInstant().plus(timeOfDay);
                    next = next.isBefore(from) ? from : next;
                }
                best = earlier(best, next);
            }
        }
        return Optional.ofNullable(best);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
