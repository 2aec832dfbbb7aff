package org.ketaminefhir.server.clinical.plan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.fhir.OperationProvider;

/**
 * {@code GET /Patient/{id}/$ketamine-due-questionnaires}: the patient's questionnaire Tasks that are due today (their
 * start has come and they are not answered), and those overdue (past their due date), in the clinic's time zone
 * ({@link QuestionnaireTasks#on}). The same can be searched ({@code Task?patient=...&code=...|complete-questionnaire
 * &status=requested}), but the dates need comparing; this answers with the Tasks themselves.
 */
public class DueQuestionnairesOperation implements OperationProvider {

    private final DaoRegistry daos;
    private final PatientChart chart;
    private final Clock clock;

    /** @param clock the clock in the clinic's time zone (the dates of the Tasks are the clinic's days) */
    public DueQuestionnairesOperation(DaoRegistry daos, PatientChart chart, Clock clock) {
        this.daos = daos;
        this.chart = chart;
        this.clock = clock;
    }

    @Description(
            shortDefinition =
                    "The patient's questionnaire Tasks due today (answerable and not answered) and overdue (past their due date).",
            value =
                    "The patient's questionnaire Tasks (SDC complete-questionnaire, kept by the server from the treatment plan's"
                            + " measurement schedule) that wait to be answered, on the clinic's current day. Outputs: today (date,"
                            + " 1..1), the clinic's day the answer is for; due (Task, 0..*), every open Task whose restriction period"
                            + " has started, overdue ones included, by due date; overdue (Task, 0..*), the open Tasks whose due date"
                            + " (restriction period end) has passed, by due date. A Task is open until it is completed, cancelled,"
                            + " rejected, failed or entered in error.")
    @Operation(
            name = "$ketamine-due-questionnaires",
            type = Patient.class,
            idempotent = true,
            returnParameters = {
                @OperationParam(name = "today", type = DateType.class, min = 1, max = 1),
                @OperationParam(name = "due", type = Task.class, min = 0, max = OperationParam.MAX_UNLIMITED),
                @OperationParam(name = "overdue", type = Task.class, min = 0, max = OperationParam.MAX_UNLIMITED)
            })
    public Parameters due(@IdParam IdType patientId, RequestDetails request) {
        daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
        String patient = patientId.toUnqualifiedVersionless().getValue();
        LocalDate today = LocalDate.now(clock);
        Map<String, Task> tasks = new HashMap<>();
        List<QuestionnaireTasks.Facts> facts = new ArrayList<>();
        for (Task task : chart.questionnaireTasks(patient)) {
            tasks.put("Task/" + task.getIdElement().getIdPart(), task);
            QuestionnaireTasks.of(task).ifPresent(facts::add);
        }
        QuestionnaireTasks.Due due = QuestionnaireTasks.on(today, facts);
        Parameters out = new Parameters();
        out.addParameter().setName("today").setValue(new DateType(today.toString()));
        due.due().forEach(f -> out.addParameter().setName("due").setResource(tasks.get(f.id())));
        due.overdue().forEach(f -> out.addParameter().setName("overdue").setResource(tasks.get(f.id())));
        return out;
    }
}
