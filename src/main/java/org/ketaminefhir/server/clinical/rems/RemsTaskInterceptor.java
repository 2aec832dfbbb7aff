package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * Keeps an esketamine session's REMS Task (rule {@code REMS-TASK}): whenever a {@code ketamine-session}
 * MedicationAdministration of an esketamine product is stored (alone, in a transaction, by the demo journey), in the
 * same database transaction and under the patient's write lock the session's write holds: given ({@code completed},
 * {@code in-progress}) and no REMS Task yet, one is created, due {@code submission-due-days} after the session's date
 * in the clinic's time zone; written again, its open Task's due date follows the session's date and nothing new is
 * created; entered in error or not done, its open Task is cancelled.
 */
@Interceptor(order = RequestPath.REMS_TASKS)
public class RemsTaskInterceptor {

    private final IgTerms terms;
    private final KetamineProducts products;
    private final RemsTaskStore tasks;
    private final int submissionDueDays;
    private final ZoneId zone;
    private final Runnable flush;

    /**
     * @param flush writes what the current database transaction holds back (a transaction bundle's deferred inserts),
     *     so that a Task created for a session earlier in the same bundle is found
     */
    public RemsTaskInterceptor(
            IgTerms terms,
            KetamineProducts products,
            RemsTaskStore tasks,
            int submissionDueDays,
            ZoneId zone,
            Runnable flush) {
        this.terms = terms;
        this.products = products;
        this.tasks = tasks;
        this.submissionDueDays = submissionDueDays;
        this.zone = zone;
        this.flush = flush;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void afterCreate(IBaseResource resource, RequestDetails request) {
        keep(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void afterUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        keep(resource, request);
    }

    private void keep(IBaseResource resource, RequestDetails request) {
        if (!RuleScope.applies(request)
                || !(resource instanceof MedicationAdministration session)
                || !terms.declares(session, "ketamine-session")
                || !session.getSubject().hasReference()
                || !products.isEsketamine(session)) {
            return;
        }
        String sessionId = "MedicationAdministration/" + session.getIdElement().getIdPart();
        flush.run();
        List<Task> stored = tasks.ofSession(sessionId);
        List<Task> open = stored.stream()
                .filter(t -> RemsTasks.OPEN.contains(t.getStatus()))
                .toList();
        LocalDate date = RemsTasks.sessionDate(session, zone);
        switch (RemsTasks.change(session.getStatus(), !stored.isEmpty(), !open.isEmpty())) {
            case CREATE -> {
                if (date != null) {
                    tasks.create(tasks.newTask(
                            session.getSubject(), sessionId, date, RemsTasks.due(date, submissionDueDays)));
                }
            }
            case KEEP -> {
                for (Task task : open) {
                    LocalDate due = date == null ? null : RemsTasks.due(date, submissionDueDays);
                    if (due != null && !due.equals(RemsTasks.of(task, zone).due())) {
                        RemsTaskStore.dueOn(task, date, due);
                        tasks.update(task);
                    }
                }
            }
            case CANCEL -> {
                for (Task task : open) {
                    task.setStatus(Task.TaskStatus.CANCELLED);
                    task.setStatusReason(new CodeableConcept()
                            .setText(sessionId + " is " + session.getStatus().toCode()
                                    + ": no REMS form is due for it"));
                    tasks.update(task);
                }
            }
            case NONE -> {}
        }
    }
}
