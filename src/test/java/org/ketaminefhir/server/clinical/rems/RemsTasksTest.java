package org.ketaminefhir.server.clinical.rems;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pure REMS Task rules at their boundaries: which Tasks are overdue on a day, what a session's write does. */
class RemsTasksTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-03-10");

    @ParameterizedTest(name = "due {0}, {1}: overdue {2}")
    @CsvSource({
        // due date, status, overdue on 2026-03-10
        "2026-03-10, requested,       false", // due today: not yet overdue
        "2026-03-09, requested,       true", //  due yesterday: overdue
        "2026-03-11, requested,       false", // due tomorrow
        "2026-01-01, in-progress,     true", //  form saved, not submitted: still overdue
        "2026-03-09, ready,           true",
        "2026-03-09, completed,       false", // submitted: never
        "2026-03-09, cancelled,       false", // session entered in error: never
        "2026-03-09, entered-in-error, false",
        "2026-03-09, failed,          false",
        "          , requested,       false" // no due date: never
    })
    void overdueOnADay(String due, String status, boolean overdue) {
        RemsTasks.Facts task = new RemsTasks.Facts(
                "Task/1",
                "Patient/1",
                "MedicationAdministration/1",
                due == null ? null : LocalDate.parse(due),
                TaskStatus.fromCode(status));
        assertThat(RemsTasks.overdue(TODAY, List.of(task))).hasSize(overdue ? 1 : 0);
    }

    @ParameterizedTest(name = "session {0}, Task stored {1}, open {2}: {3}")
    @CsvSource({
        "completed,        false, false, CREATE",
        "in-progress,      false, false, CREATE",
        "completed,        true,  true,  KEEP",
        "completed,        true,  false, NONE", // submitted or cancelled: never a second Task
        "not-done,         false, false, NONE",
        "on-hold,          false, false, NONE",
        "stopped,          true,  true,  NONE",
        "entered-in-error, true,  true,  CANCEL",
        "not-done,         true,  true,  CANCEL",
        "entered-in-error, true,  false, NONE"
    })
    void whatASessionsWriteDoes(String status, boolean stored, boolean open, RemsTasks.Change change) {
        assertThat(RemsTasks.change(MedicationAdministrationStatus.fromCode(status), stored, open))
                .isEqualTo(change);
    }

    @ParameterizedTest(name = "{0} in {1}: session date {2}, due {3}")
    @CsvSource({
        "2026-03-01T10:00:00Z,      UTC,                 2026-03-01, 2026-03-08",
        "2026-03-01T23:30:00Z,      Europe/Amsterdam,    2026-03-02, 2026-03-09", // after midnight in the clinic
        "2026-03-01T02:00:00Z,      America/Los_Angeles, 2026-02-28, 2026-03-07", // still the evening before
        "2026-03-01T23:30:00-08:00, UTC,                 2026-03-02, 2026-03-09",
        "2026-03-01,                America/Los_Angeles, 2026-03-01, 2026-03-08" // a bare date as written
    })
    void theSessionDateIsTheClinicsAndTheFormIsDueSevenDaysLater(String start, String zone, String date, String due) {
        MedicationAdministration session = new MedicationAdministration();
        session.setEffective(new Period().setStartElement(new DateTimeType(start)));
        LocalDate sessionDate = RemsTasks.sessionDate(session, ZoneId.of(zone));
        assertThat(sessionDate).isEqualTo(LocalDate.parse(date));
        assertThat(RemsTasks.due(sessionDate, 7)).isEqualTo(LocalDate.parse(due));
        session.setEffective(new DateTimeType(start));
        assertThat(RemsTasks.sessionDate(session, ZoneId.of(zone))).isEqualTo(LocalDate.parse(date));
    }
}
