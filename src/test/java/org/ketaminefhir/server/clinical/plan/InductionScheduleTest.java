package org.ketaminefhir.server.clinical.plan;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InductionScheduleTest {

    private static final Set<DayOfWeek> MWF = EnumSet.of(MONDAY, WEDNESDAY, FRIDAY);

    private static List<String> dates(String start, int n, int perWeek, Set<DayOfWeek> days, int hours) {
        return InductionSchedule.dates(LocalDate.parse(start), n, perWeek, days, hours).stream()
                .map(LocalDate::toString)
                .toList();
    }

    @Test
    void threeAWeekOnMondayWednesdayFriday() {
        assertThat(dates("2026-01-05", 6, 3, MWF, 48))
                .containsExactly("2026-01-05", "2026-01-07", "2026-01-09", "2026-01-12", "2026-01-14", "2026-01-16");
    }

    @Test
    void startingMidWeekSkipsNonTreatmentDaysAndCrossesWeekBoundaries() {
        assertThat(dates("2026-01-08", 6, 3, MWF, 48))
                .containsExactly("2026-01-09", "2026-01-12", "2026-01-14", "2026-01-16", "2026-01-19", "2026-01-21");
    }

    @Test
    void theMinimumIntervalSkipsATreatmentDayTooSoonAfterTheLast() {
        assertThat(dates("2026-01-05", 6, 3, EnumSet.of(TUESDAY, WEDNESDAY, THURSDAY), 48))
                .containsExactly("2026-01-06", "2026-01-08", "2026-01-13", "2026-01-15", "2026-01-20", "2026-01-22");
        // 47 hours still means two calendar days apart for sessions at the same time; 49 hours means three.
        assertThat(dates("2026-01-05", 3, 3, MWF, 47)).containsExactly("2026-01-05", "2026-01-07", "2026-01-09");
        assertThat(dates("2026-01-05", 3, 3, MWF, 49)).containsExactly("2026-01-05", "2026-01-09", "2026-01-12");
    }

    @Test
    void twiceAWeekStopsAtTheWeeklyLimit() {
        assertThat(dates("2026-01-05", 8, 2, MWF, 48))
                .containsExactly(
                        "2026-01-05",
                        "2026-01-07",
                        "2026-01-12",
                        "2026-01-14",
                        "2026-01-19",
                        "2026-01-21",
                        "2026-01-26",
                        "2026-01-28");
    }

    @Test
    void impossibleConstraintsAreReportedNotLoopedOn() {
        assertThatThrownBy(() -> dates("2026-01-05", 6, 3, EnumSet.noneOf(DayOfWeek.class), 48))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot fit 6 sessions");
    }
}
