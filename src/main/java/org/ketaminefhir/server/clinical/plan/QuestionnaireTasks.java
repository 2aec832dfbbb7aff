package org.ketaminefhir.server.clinical.plan;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;

/**
 * A patient's questionnaire Tasks (SDC {@code complete-questionnaire}) as the clinic reads them, and which are due: a
 * Task is due from its restriction period's start (the measurement date), overdue after its end (the due date), both
 * read as dates in the clinic's time zone, and waiting until it is completed (or cancelled, failed, rejected, entered in
 * error).
 */
public final class QuestionnaireTasks {

    /** The statuses of a Task nobody needs to act on any more. */
    static final Set<Task.TaskStatus> CLOSED = EnumSet.of(
            Task.TaskStatus.COMPLETED,
            Task.TaskStatus.CANCELLED,
            Task.TaskStatus.ENTEREDINERROR,
            Task.TaskStatus.REJECTED,
            Task.TaskStatus.FAILED);

    private QuestionnaireTasks() {}

    /**
     * One questionnaire Task.
     *
     * @param id the Task (Task/...)
     * @param questionnaire the Questionnaire it asks for (canonical)
     * @param from from when it may be answered
     * @param due when it is due, or null if it does not say
     * @param open whether it still waits to be answered
     */
    public record Facts(String id, String questionnaire, LocalDate from, LocalDate due, boolean open) {}

    /**
     * What is due on a day.
     *
     * @param due the open Tasks whose start has come (overdue ones included), by due date
     * @param overdue the open Tasks past their due date, by due date
     * @param next the open Task due first (due now or later), if any
     */
    public record Due(List<Facts> due, List<Facts> overdue, Optional<Facts> next) {}

    /** The facts of a questionnaire Task, or empty when it names no Questionnaire or no start. */
    public static Optional<Facts> of(Task task) {
        String questionnaire = task.getInput().stream()
                .filter(input -> IgTerms.hasCoding(input.getType(), PatientChart.SDC_TEMP, "questionnaire"))
                .filter(input -> input.getValue() instanceof CanonicalType)
                .map(input -> ((CanonicalType) input.getValue()).getValue())
                .findFirst()
                .orElse(null);
        LocalDate from = task.getRestriction().getPeriod().hasStart()
                ? date(task.getRestriction().getPeriod().getStartElement())
                : null;
        if (questionnaire == null || from == null) {
            return Optional.empty();
        }
        LocalDate due = task.getRestriction().getPeriod().hasEnd()
                ? date(task.getRestriction().getPeriod().getEndElement())
                : null;
        return Optional.of(new Facts(
                "Task/" + task.getIdElement().getIdPart(),
                questionnaire,
                from,
                due,
                task.hasStatus() && !CLOSED.contains(task.getStatus())));
    }

    /** The date of a date or dateTime as written (its own calendar day). */
    static LocalDate date(DateTimeType value) {
        String text = value.getValueAsString();
        return text == null || text.length() < 10 ? null : LocalDate.parse(text.substring(0, 10));
    }

    /** What is due on {@code today}: see {@link Due}. */
    public static Due on(LocalDate today, List<Facts> tasks) {
        Comparator<Facts> byDue = Comparator.comparing((Facts f) -> f.due() == null ? LocalDate.MAX : f.due())
                .thenComparing(Facts::from)
                .thenComparing(Facts::questionnaire);
        List<Facts> open = tasks.stream().filter(Facts::open).sorted(byDue).toList();
        return new Due(
                open.stream().filter(f -> !f.from().isAfter(today)).toList(),
                open.stream()
                        .filter(f -> f.due() != null && f.due().isBefore(today))
                        .toList(),
                open.stream().findFirst());
    }
}
