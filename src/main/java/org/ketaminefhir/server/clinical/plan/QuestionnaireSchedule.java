package org.ketaminefhir.server.clinical.plan;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The questionnaire Tasks a treatment plan's rating-scale measurement calls for, as pure functions: the measurement
 * dates of a schedule, one Task per date and Questionnaire (answerable from the date, due {@code dueDays} later), and
 * what to change so that the Tasks stored match the schedule: create the missing ones, cancel the open ones the plan
 * no longer schedules (a plan revoked, completed or moved). Tasks already answered, cancelled or otherwise closed stay
 * as they are; writing the same plan again changes nothing.
 */
public final class QuestionnaireSchedule {

    /** More measurements than this from one activity means a schedule gone wrong (daily for years): cut off. */
    static final int MAX_DATES = 520;

    private QuestionnaireSchedule() {}

    /** The unit of a repeat (FHIR's Timing periodUnit: d, wk, mo). */
    public enum Unit {
        DAY,
        WEEK,
        MONTH;

        /** The unit of a FHIR periodUnit code, or null when it is not one a measurement schedule uses. */
        public static Unit of(String code) {
            return switch (code == null ? "" : code) {
                case "d" -> DAY;
                case "wk" -> WEEK;
                case "mo" -> MONTH;
                default -> null;
            };
        }
    }

    /**
     * A measurement schedule as the plan's activity states it.
     *
     * @param start the first date (Timing bounds start, or the scheduled period's start)
     * @param end the last date it may fall on (inclusive), or null
     * @param count how many measurements, or null
     * @param every the repeat period (1 with WEEK: weekly), or 0 for a single measurement
     * @param unit the period's unit, or null for a single measurement
     * @param frequency measurements per period (1 unless stated)
     * @param events explicit dates (Timing.event), used instead of the repeat when present
     */
    public record Schedule(
            LocalDate start,
            LocalDate end,
            Integer count,
            int every,
            Unit unit,
            int frequency,
            List<LocalDate> events) {

        /** One measurement on a date (a scheduled period). */
        public static Schedule once(LocalDate date) {
            return new Schedule(date, date, 1, 0, null, 1, List.of());
        }
    }

    /** A Task the schedule calls for: the Questionnaire (canonical), from when it may be answered, and when it is due. */
    public record Due(String questionnaire, LocalDate from, LocalDate due) {}

    /**
     * A questionnaire Task stored for the plan.
     *
     * @param id the Task (Task/...)
     * @param questionnaire its input Questionnaire (canonical)
     * @param from its restriction period's start
     * @param open whether it is still waiting to be answered (requested, ready, in progress, ...)
     */
    public record Stored(String id, String questionnaire, LocalDate from, boolean open) {}

    /** What to write: the Tasks to create, and the ids of the open Tasks to cancel. */
    public record Changes(List<Due> create, List<String> cancel) {}

    /**
     * The measurement dates of a schedule, in order: its events if it lists any, else from the start every period (a
     * frequency above 1 splits a period of days or weeks evenly, at least a day apart), up to its end, its count, or
     * {@code openWeeks} weeks after its start when it states neither; at most {@link #MAX_DATES}.
     */
    public static List<LocalDate> dates(Schedule schedule, int openWeeks) {
        if (!schedule.events().isEmpty()) {
            return new ArrayList<>(new TreeSet<>(schedule.events()));
        }
        if (schedule.start() == null) {
            return List.of();
        }
        if (schedule.unit() == null || schedule.every() <= 0) {
            return List.of(schedule.start());
        }
        LocalDate last = schedule.end();
        if (last == null && schedule.count() == null) {
            last = schedule.start().plusWeeks(openWeeks).minusDays(1);
        }
        int limit = schedule.count() == null ? MAX_DATES : Math.min(schedule.count(), MAX_DATES);
        List<LocalDate> dates = new ArrayList<>();
        for (int i = 0; dates.size() < limit; i++) {
            LocalDate date = nth(schedule, i);
            if (last != null && date.isAfter(last)) {
                break;
            }
            dates.add(date);
        }
        return dates;
    }

    /** The i-th date (from 0) of a repeating schedule. */
    private static LocalDate nth(Schedule schedule, int i) {
        int frequency = Math.max(1, schedule.frequency());
        if (schedule.unit() == Unit.MONTH && frequency == 1) {
            return schedule.start().plusMonths((long) i * schedule.every());
        }
        long periodDays = switch (schedule.unit()) {
            case DAY -> schedule.every();
            case WEEK -> 7L * schedule.every();
            case MONTH -> 30L * schedule.every();
        };
        long stepDays = Math.max(1, periodDays / frequency);
        return schedule.start().plus(i * stepDays, ChronoUnit.DAYS);
    }

    /** One Task per date and Questionnaire, due {@code dueDays} after its date. */
    public static List<Due> tasks(List<String> questionnaires, List<LocalDate> dates, int dueDays) {
        Set<Due> due = new LinkedHashSet<>();
        for (LocalDate date : dates) {
            for (String questionnaire : questionnaires) {
                due.add(new Due(questionnaire, date, date.plusDays(dueDays)));
            }
        }
        return List.copyOf(due);
    }

    /**
     * What to change so that the stored Tasks match the wanted ones, matched by Questionnaire and start date: create
     * those no stored Task (open or closed) stands for; cancel the open ones nothing wanted stands for.
     */
    public static Changes changes(List<Due> wanted, List<Stored> stored) {
        List<Due> create = wanted.stream()
                .filter(due -> stored.stream().noneMatch(s -> same(s, due)))
                .toList();
        List<String> cancel = stored.stream()
                .filter(s -> s.open() && wanted.stream().noneMatch(due -> same(s, due)))
                .map(Stored::id)
                .toList();
        return new Changes(create, cancel);
    }

    private static boolean same(Stored stored, Due due) {
        return stored.questionnaire().equals(due.questionnaire())
                && stored.from().equals(due.from());
    }
}
