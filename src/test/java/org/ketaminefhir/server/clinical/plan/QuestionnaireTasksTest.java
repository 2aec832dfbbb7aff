package org.ketaminefhir.server.clinical.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.plan.QuestionnaireTasks.Facts;

/** Which questionnaire Tasks are due and overdue on a day, at the boundaries of their restriction period. */
class QuestionnaireTasksTest {

    private static final String PHQ9 = "https://ketaminefhir.org/ig/Questionnaire/phq-9";
    private static final LocalDate FROM = LocalDate.parse("2026-01-05");
    private static final LocalDate DUE = LocalDate.parse("2026-01-12");

    @ParameterizedTest(name = "on {0}, open={1}: due {2}, overdue {3}")
    @CsvSource({
        "2026-01-04, true,  false, false",
        "2026-01-05, true,  true,  false",
        "2026-01-12, true,  true,  false",
        "2026-01-13, true,  true,  true",
        "2026-01-13, false, false, false",
        "2026-01-05, false, false, false"
    })
    void dueFromItsStartOverdueAfterItsEnd(LocalDate today, boolean open, boolean due, boolean overdue) {
        QuestionnaireTasks.Due on = QuestionnaireTasks.on(today, List.of(new Facts("Task/1", PHQ9, FROM, DUE, open)));

        assertThat(on.due()).hasSize(due ? 1 : 0);
        assertThat(on.overdue()).hasSize(overdue ? 1 : 0);
        assertThat(on.next())
                .as("the next one waiting, due or not yet")
                .isEqualTo(open ? on.next() : java.util.Optional.empty());
        assertThat(on.next().isPresent()).isEqualTo(open);
    }

    @Test
    void theNextIsTheOpenOneDueFirst() {
        Facts overdue = new Facts("Task/1", PHQ9, FROM, DUE, true);
        Facts answered = new Facts("Task/0", PHQ9, FROM.minusWeeks(1), DUE.minusWeeks(1), false);
        Facts later = new Facts("Task/2", PHQ9, FROM.plusWeeks(1), DUE.plusWeeks(1), true);

        QuestionnaireTasks.Due on =
                QuestionnaireTasks.on(LocalDate.parse("2026-01-13"), List.of(later, answered, overdue));

        assertThat(on.next()).contains(overdue);
        assertThat(on.due()).containsExactly(overdue, later);
        assertThat(on.overdue()).containsExactly(overdue);
        assertThat(QuestionnaireTasks.on(FROM.minusDays(10), List.of(later, overdue))
                        .next())
                .as("before any is due, the one due first")
                .contains(overdue);
    }

    @ParameterizedTest(name = "status {0} open: {1}")
    @CsvSource({
        "requested, true",
        "in-progress, true",
        "on-hold, true",
        "completed, false",
        "cancelled, false",
        "entered-in-error, false",
        "failed, false",
        "rejected, false"
    })
    void aTaskReadAsTheServerWritesIt(String status, boolean open) {
        Task task = new Task();
        task.setId("Task/7");
        task.setStatus(Task.TaskStatus.fromCode(status));
        task.setCode(new CodeableConcept(new Coding(PatientChart.SDC_TEMP, PatientChart.COMPLETE_QUESTIONNAIRE, null)));
        task.getRestriction()
                .setPeriod(new Period()
                        .setStartElement(new DateTimeType("2026-01-05"))
                        .setEndElement(new DateTimeType("2026-01-12")));
        task.addInput()
                .setType(new CodeableConcept(new Coding(PatientChart.SDC_TEMP, "questionnaire", null)))
                .setValue(new CanonicalType(PHQ9));

        assertThat(QuestionnaireTasks.of(task)).contains(new Facts("Task/7", PHQ9, FROM, DUE, open));
        task.getInput().clear();
        assertThat(QuestionnaireTasks.of(task)).as("no Questionnaire named").isEmpty();
    }
}
