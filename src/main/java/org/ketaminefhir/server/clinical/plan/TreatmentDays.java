package org.ketaminefhir.server.clinical.plan;

import java.time.DayOfWeek;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The day codes of {@code $ketamine-plan}'s treatmentDay parameter and of the configured default days. */
public final class TreatmentDays {

    private static final Map<String, DayOfWeek> DAYS = Map.of(
            "mon",
            DayOfWeek.MONDAY,
            "tue",
            DayOfWeek.TUESDAY,
            "wed",
            DayOfWeek.WEDNESDAY,
            "thu",
            DayOfWeek.THURSDAY,
            "fri",
            DayOfWeek.FRIDAY,
            "sat",
            DayOfWeek.SATURDAY,
            "sun",
            DayOfWeek.SUNDAY);

    private TreatmentDays() {}

    public static boolean isDay(String code) {
        return code != null && DAYS.containsKey(code);
    }

    /** The days named; throws IllegalArgumentException naming the first unknown code. */
    public static Set<DayOfWeek> parse(Collection<String> codes) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String code : codes) {
            DayOfWeek day = DAYS.get(code);
            if (day == null) {
                throw new IllegalArgumentException(
                        "Unknown treatmentDay '" + code + "': use mon, tue, wed, thu, fri, sat or sun");
            }
            days.add(day);
        }
        return days;
    }
}
