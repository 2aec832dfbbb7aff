package org.ketaminefhir.server.clinical.plan;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Dates of an induction series: the first treatment days from the start date on which the clinic treats, at most
 * {@code maxPerWeek} sessions in a calendar (ISO) week, and never sooner than the minimum interval after the previous
 * session (sessions are at the same time of day, so the interval counts in whole days).
 */
public final class InductionSchedule {

    /** Looking further ahead than this means the constraints cannot be met. */
    static final int HORIZON_DAYS = 366;

    private InductionSchedule() {}

    public static List<LocalDate> dates(
            LocalDate start, int sessions, int maxPerWeek, Set<DayOfWeek> treatmentDays, int minIntervalHours) {
        long minDaysApart = (minIntervalHours + 23) / 24;
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate day = start; dates.size() < sessions; day = day.plusDays(1)) {
            if (ChronoUnit.DAYS.between(start, day) > HORIZON_DAYS) {
                throw new IllegalArgumentException(
                        "cannot fit " + sessions + " sessions on " + treatmentDays + " within a year");
            }
            LocalDate candidate = day;
            boolean treatmentDay = treatmentDays.contains(candidate.getDayOfWeek());
            boolean farEnough =
                    dates.isEmpty() || ChronoUnit.DAYS.between(dates.get(dates.size() - 1), candidate) >= minDaysApart;
            long inWeek = dates.stream().filter(d -> sameIsoWeek(d, candidate)).count();
            if (treatmentDay && farEnough && inWeek < maxPerWeek) {
                dates.add(candidate);
            }
        }
        return dates;
    }

    private static boolean sameIsoWeek(LocalDate a, LocalDate b) {
        return a.get(IsoFields.WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_BASED_YEAR)
                && a.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) == b.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }
}
