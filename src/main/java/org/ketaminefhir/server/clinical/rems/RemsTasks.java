package org.ketaminefhir.server.clinical.rems;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.hl7.fhir.r4.model.Task;

/**
 * The REMS Task of an esketamine session, as the rules read it (pure): which session statuses call for one, when it is
 * due (the session's date in the clinic's time zone plus {@code submission-due-days}), and which are overdue on a day
 * (open, due before that day).
 */
public final class RemsTasks {

    /** Rule id of the Task kept for a session (not a refusal). */
    public static final String TASK_RULE = "REMS-TASK";

    /** Rule id of the overdue alert. */
    public static final String OVERDUE_RULE = "REMS-OVERDUE";

    /** Task.code of the REMS Task, in the IG's {@code ketamine-task} CodeSystem. */
    public static final String CODE = "submit-rems-form";

    /** Task.output types of the IG's {@code ketamine-task} CodeSystem. */
    public static final String OUTPUT_RESPONSE = "response";

    public static final String OUTPUT_SUBMISSION = "submission";

    /** The overdue alert's code in the IG's {@code safety-alert} CodeSystem. */
    public static final String OVERDUE_ALERT = "rems-form-overdue";

    /** The session statuses that call for a form: the drug was given, or is being given. */
    static final Set<MedicationAdministrationStatus> GIVEN =
            EnumSet.of(MedicationAdministrationStatus.COMPLETED, MedicationAdministrationStatus.INPROGRESS);

    /** The session statuses that withdraw the form: it was not given, or the record is wrong. */
    static final Set<MedicationAdministrationStatus> WITHDRAWN =
            EnumSet.of(MedicationAdministrationStatus.ENTEREDINERROR, MedicationAdministrationStatus.NOTDONE);

    /** The Task statuses of a REMS Task still waiting for its form or its submission. */
    static final Set<Task.TaskStatus> OPEN =
            EnumSet.of(Task.TaskStatus.REQUESTED, Task.TaskStatus.READY, Task.TaskStatus.INPROGRESS);

    private RemsTasks() {}

    /** What a session's write does to its REMS Task. */
    public enum Change {
        /** A session given and no Task yet: create one. */
        CREATE,
        /** A session given with an open Task: keep it (its due date follows the session's date). */
        KEEP,
        /** A session entered in error or not done: cancel its open Task. */
        CANCEL,
        /** Nothing to do. */
        NONE
    }

    /**
     * What the session's write does, given whether a REMS Task is stored for it and whether that Task is open.
     *
     * @param status the session's status
     * @param stored whether a REMS Task exists for the session (any status)
     * @param open whether a stored Task is open (requested, ready, in-progress)
     */
    public static Change change(MedicationAdministrationStatus status, boolean stored, boolean open) {
        if (status != null && GIVEN.contains(status)) {
            return !stored ? Change.CREATE : open ? Change.KEEP : Change.NONE;
        }
        if (status != null && WITHDRAWN.contains(status) && open) {
            return Change.CANCEL;
        }
        return Change.NONE;
    }

    /**
     * The session's date: its effective dateTime or the start of its effective period, as a date of the clinic's time
     * zone (a value given as a bare date is taken as written); null when it states none.
     */
    public static LocalDate sessionDate(MedicationAdministration session, ZoneId zone) {
        DateTimeType effective = session.hasEffectiveDateTimeType()
                ? session.getEffectiveDateTimeType()
                : session.hasEffectivePeriod() ? session.getEffectivePeriod().getStartElement() : null;
        return date(effective, zone);
    }

    /** A date or dateTime as a date of the zone (a bare date as written); null when empty. */
    public static LocalDate date(DateTimeType value, ZoneId zone) {
        if (value == null || value.isEmpty() || value.getValue() == null) {
            return null;
        }
        String text = value.getValueAsString();
        if (text.length() <= 10) {
            return text.length() == 10 ? LocalDate.parse(text) : null;
        }
        return Instant.ofEpochMilli(value.getValue().getTime()).atZone(zone).toLocalDate();
    }

    /** The due date of the form of a session on {@code sessionDate}. */
    public static LocalDate due(LocalDate sessionDate, int submissionDueDays) {
        return sessionDate.plusDays(submissionDueDays);
    }

    /**
     * One REMS Task as the sweep reads it.
     *
     * @param id the Task (Task/...)
     * @param patient the patient (Patient/...)
     * @param session the session it is about (MedicationAdministration/...)
     * @param due its due date (restriction.period.end), or null if it states none
     * @param status its status
     */
    public record Facts(String id, String patient, String session, LocalDate due, Task.TaskStatus status) {
        public boolean open() {
            return status != null && OPEN.contains(status);
        }
    }

    /** The Tasks overdue on {@code today}: open, with a due date before today (due today is not overdue), by due date. */
    public static List<Facts> overdue(LocalDate today, List<Facts> tasks) {
        return tasks.stream()
                .filter(Facts::open)
                .filter(task -> task.due() != null && task.due().isBefore(today))
                .sorted(Comparator.comparing(Facts::due).thenComparing(Facts::id))
                .toList();
    }

    /** The facts of a REMS Task (its due date read as written, a date). */
    public static Facts of(Task task, ZoneId zone) {
        return new Facts(
                "Task/" + task.getIdElement().getIdPart(),
                task.getFor().getReference(),
                task.getFocus().getReference(),
                task.getRestriction().getPeriod().hasEnd()
                        ? date(task.getRestriction().getPeriod().getEndElement(), zone)
                        : null,
                task.getStatus());
    }
}
