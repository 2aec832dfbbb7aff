package org.ketaminefhir.server.clinical.progress;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.time.LocalDate;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.server.clinical.plan.QuestionnaireTasks;
import org.ketaminefhir.server.fhir.OperationProvider;

/**
 * {@code GET /Patient/{id}/$ketamine-progress}: the measurement-based-care summary. Per instrument: the baseline (see
 * {@link ProgressMeasures#assess}), or {@code baselineMissing}; the latest score; with a baseline and a score after
 * treatment began, change, percent change, response and remission; and the dated series. Completed sessions per
 * phase; cumulative dose; side effects by kind; open safety issues; when the next session is due by the plan; and the
 * next questionnaire due.
 * Reads the chart ({@link ProgressChart}), summarises it ({@link ProgressSummary}) and answers with Parameters
 * ({@link ProgressParameters}).
 */
public class ProgressOperation implements OperationProvider {

    private final DaoRegistry daos;
    private final ProgressChart chart;
    private final ProgressSettings settings;
    private final Clock clock;

    /** @param clock the clock in the clinic's time zone (for which questionnaire is due next) */
    public ProgressOperation(DaoRegistry daos, ProgressChart chart, ProgressSettings settings, Clock clock) {
        this.daos = daos;
        this.chart = chart;
        this.settings = settings;
        this.clock = clock;
    }

    @Description(
            shortDefinition =
                    "Measurement-based-care summary: per instrument baseline, latest, change, percent change, response and remission with the dated series; sessions per phase; cumulative dose; side effects; open safety issues; next session due.",
            value =
                    "Measurement-based-care summary of the patient. Outputs: patient (Reference, 1..1); instrument (0..*),"
                            + " one per rating scale with outcome scores, with parts code (Coding), baseline (integer) and baselineDate"
                            + " (dateTime) when there is a pre-treatment score, baselineMissing (boolean, true) when treatment began"
                            + " without one, latest (integer), latestDate (dateTime), and with a baseline and a score after the first"
                            + " session change (integer), percentChange (decimal), response (boolean) and remission (boolean), then one"
                            + " score per scoring with parts date (dateTime) and value (integer); sessionsCompleted (0..*), parts phase"
                            + " (string) and count (integer); cumulativeDose (Quantity in mg, 1..1) over the completed sessions;"
                            + " sideEffect (0..*), parts finding (Coding) and count (integer); openSafetyIssues (integer, 1..1);"
                            + " openSafetyIssue (Reference to a DetectedIssue, 0..*); nextSessionDue (dateTime, 0..1) by the active plans;"
                            + " nextQuestionnaireDue (0..1), the questionnaire Task that waits to be answered with the earliest due"
                            + " date (overdue ones first), parts task (Reference), questionnaire (canonical), from (date) and dueDate"
                            + " (date), as in $ketamine-due-questionnaires.")
    @Operation(
            name = "$ketamine-progress",
            type = Patient.class,
            idempotent = true,
            returnParameters = {
                @OperationParam(name = "patient", type = Reference.class, min = 1, max = 1),
                @OperationParam(name = "instrument", min = 0, max = OperationParam.MAX_UNLIMITED),
                @OperationParam(name = "sessionsCompleted", min = 0, max = OperationParam.MAX_UNLIMITED),
                @OperationParam(name = "cumulativeDose", type = Quantity.class, min = 1, max = 1),
                @OperationParam(name = "sideEffect", min = 0, max = OperationParam.MAX_UNLIMITED),
                @OperationParam(name = "openSafetyIssues", type = IntegerType.class, min = 1, max = 1),
                @OperationParam(
                        name = "openSafetyIssue",
                        type = Reference.class,
                        min = 0,
                        max = OperationParam.MAX_UNLIMITED),
                @OperationParam(name = "nextSessionDue", type = DateTimeType.class, min = 0, max = 1),
                @OperationParam(name = "nextQuestionnaireDue", min = 0, max = 1)
            })
    public Parameters progress(@IdParam IdType patientId, RequestDetails request) {
        daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
        String patient = patientId.toUnqualifiedVersionless().getValue();
        return ProgressParameters.of(
                patient,
                ProgressSummary.of(chart.facts(patient), settings),
                QuestionnaireTasks.on(LocalDate.now(clock), chart.questionnaireTasks(patient))
                        .next());
    }
}
