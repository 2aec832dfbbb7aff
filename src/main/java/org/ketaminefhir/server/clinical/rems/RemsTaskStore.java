package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;

/** The REMS Tasks in the store: found by session, read, made and updated as the server (HAPI wiring). */
public class RemsTaskStore {

    /** The IG Questionnaire of the SPRAVATO REMS Patient Monitoring Form. */
    public static final String QUESTIONNAIRE_ID = "spravato-rems-monitoring";

    private final DaoRegistry daos;
    private final IgTerms terms;

    public RemsTaskStore(DaoRegistry daos, IgTerms terms) {
        this.daos = daos;
        this.terms = terms;
    }

    public String taskSystem() {
        return terms.codeSystem("ketamine-task");
    }

    public String questionnaire() {
        return terms.questionnaire(QUESTIONNAIRE_ID);
    }

    /** Whether the Task is a REMS Task (its code). */
    public boolean isRemsTask(Task task) {
        return IgTerms.hasCoding(task.getCode(), taskSystem(), RemsTasks.CODE);
    }

    /** The REMS Tasks of a session (MedicationAdministration/...). */
    public List<Task> ofSession(String session) {
        return search(SearchParameterMap.newSynchronous()
                .add(Task.SP_FOCUS, new ReferenceParam(session))
                .add(Task.SP_CODE, new TokenParam(taskSystem(), RemsTasks.CODE)));
    }

    /** The REMS Task of a session that is not cancelled (or otherwise closed without a submission), if any. */
    public Optional<Task> keptFor(String session) {
        return ofSession(session).stream()
                .filter(t -> RemsTasks.OPEN.contains(t.getStatus()) || t.getStatus() == Task.TaskStatus.COMPLETED)
                .findFirst();
    }

    /** Every open REMS Task (requested, ready, in-progress). */
    public List<Task> open() {
        return open(null);
    }

    /** The open REMS Tasks of one patient ({@code Patient/...}), or of every patient when null. */
    public List<Task> open(String patient) {
        TokenOrListParam statuses = new TokenOrListParam();
        RemsTasks.OPEN.forEach(status -> statuses.add(new TokenParam(status.toCode())));
        SearchParameterMap search = SearchParameterMap.newSynchronous()
                .add(Task.SP_CODE, new TokenParam(taskSystem(), RemsTasks.CODE))
                .add(Task.SP_STATUS, statuses);
        if (patient != null) {
            search.add(Task.SP_PATIENT, new ReferenceParam(patient));
        }
        return search(search);
    }

    /** A resource by Type/id as the server, or empty when it does not exist (or was deleted). */
    public <T extends Resource> Optional<T> read(Class<T> type, String id) {
        try {
            return Optional.of(daos.getResourceDao(type)
                    .read(new IdType(id).toUnqualifiedVersionless(), new SystemRequestDetails()));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    /** The Task's output reference of this type (ketamine-task#response or #submission), or null. */
    public String output(Task task, String type) {
        return task.getOutput().stream()
                .filter(o -> IgTerms.hasCoding(o.getType(), taskSystem(), type))
                .filter(o -> o.getValue() instanceof Reference)
                .map(o -> RemsSubmissionCheck.unversioned((Reference) o.getValue()))
                .findFirst()
                .orElse(null);
    }

    /** Sets the Task's one output of this type to the reference. */
    public void setOutput(Task task, String type, String reference) {
        task.getOutput().removeIf(o -> IgTerms.hasCoding(o.getType(), taskSystem(), type));
        task.addOutput()
                .setType(new CodeableConcept(new Coding(taskSystem(), type, null)))
                .setValue(new Reference(reference));
    }

    /** A new REMS Task for the session, due on {@code due}. */
    public Task newTask(Reference patient, String session, java.time.LocalDate sessionDate, java.time.LocalDate due) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(
                new Coding(taskSystem(), RemsTasks.CODE, "Submit the SPRAVATO REMS monitoring form")));
        task.setFor(patient.copy());
        task.setFocus(new Reference(session));
        task.setAuthoredOn(new java.util.Date());
        task.setDescription("SPRAVATO REMS Patient Monitoring Form of the esketamine session of " + sessionDate
                + ": complete it and submit it to the REMS (online or by fax) by " + due);
        dueOn(task, sessionDate, due);
        task.addInput()
                .setType(new CodeableConcept(new Coding(PatientChart.SDC_TEMP, "questionnaire", null)))
                .setValue(new CanonicalType(questionnaire()));
        return task;
    }

    /** Sets the Task's restriction period: from the session date to the due date. */
    public static void dueOn(Task task, java.time.LocalDate sessionDate, java.time.LocalDate due) {
        task.getRestriction()
                .setPeriod(new Period()
                        .setStartElement(new DateTimeType(sessionDate.toString()))
                        .setEndElement(new DateTimeType(due.toString())));
    }

    public Task create(Task task) {
        return (Task) daos.getResourceDao(Task.class)
                .create(task, new SystemRequestDetails())
                .getResource();
    }

    public void update(Task task) {
        task.setId(task.getIdElement().toUnqualifiedVersionless());
        task.setLastModified(new java.util.Date());
        daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
    }

    private List<Task> search(SearchParameterMap map) {
        List<Task> found = new ArrayList<>();
        for (Object resource : daos.getResourceDao(Task.class).searchForResources(map, new SystemRequestDetails())) {
            found.add((Task) resource);
        }
        return found;
    }
}
