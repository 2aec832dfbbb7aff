package org.ketaminefhir.server.clinical.plan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.fhir.OperationProvider;

/**
 * {@code GET /Patient/{id}/$ketamine-due-questionnaires}: the patient's questionnaire Tasks that are due today (their
 * start has come and they are not answered), and those overdue (past their due date), in the clinic's time zone
 * ({@link QuestionnaireTasks#on}). The same can be searched ({@code Task?patient=...&code=...|complete-questionnaire
 * &status=requested}) by clinicians, but the dates need comparing; this answers with what each Task asks for.
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
                            + " 1..1), the clinic's day the answer is for; due (0..*), one per open Task whose restriction period has"
                            + " started, overdue ones included, by due date; overdue (0..*), one per open Task whose due date"
                            + " (restriction period end) has passed, by due date. Each has parts task (Reference to the Task: answer"
                            + " it with a QuestionnaireResponse basedOn it), questionnaire (canonical of the Questionnaire to answer),"
                            + " from (date) and dueDate (date, when the Task states one). A Task is open until it is completed,"
                            + " cancelled, rejected, failed or entered in error. The Tasks are named rather than returned: in FHIR R4 a"
                            + " Task is not in the patient's compartment, so a patient's own app may call this operation but not read"
                            + " Tasks.")
    @Operation(
            name = "$ketamine-due-questionnaires",
            type = Patient.class,
            idempotent = true,
            returnParameters = {
                @OperationParam(name = "today", type = DateType.class, min = 1, max = 1),
                @OperationParam(name = "due", min = 0, max = OperationParam.MAX_UNLIMITED),
                @OperationParam(name = "overdue", min = 0, max = OperationParam.MAX_UNLIMITED)
            })
    public Parameters due(@IdParam IdType patientId, RequestDetails request) {
        daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
        String patient = patientId.toUnqualifiedVersionless().getValue();
        LocalDate today = LocalDate.now(clock);
        List<QuestionnaireTasks.Facts> facts = chart.questionnaireTasks(patient).stream()
                .flatMap(task -> QuestionnaireTasks.of(task).stream())
                .toList();
        QuestionnaireTasks.Due due = QuestionnaireTasks.on(today, facts);
        Parameters out = new Parameters();
        out.addParameter().setName("today").setValue(new DateType(today.toString()));
        due.due().forEach(task -> out.addParameter(task("due", task)));
        due.overdue().forEach(task -> out.addParameter(task("overdue", task)));
        return out;
    }

    /** A Task named by its facts: the parts {@code task}, {@code questionnaire}, {@code from} and {@code dueDate}. */
    public static Parameters.ParametersParameterComponent task(String name, QuestionnaireTasks.Facts task) {
        Parameters.ParametersParameterComponent parameter = new Parameters.ParametersParameterComponent().setName(name);
        parameter.addPart().setName("task").setValue(new Reference(task.id()));
        parameter.addPart().setName("questionnaire").setValue(new CanonicalType(task.questionnaire()));
        parameter.addPart().setName("from").setValue(new DateType(task.from().toString()));
        if (task.due() != null) {
            parameter
                    .addPart()
                    .setName("dueDate")
                    .setValue(new DateType(task.due().toString()));
        }
        return parameter;
    }
}
