package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.questionnaire.QuestionnaireResponses;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;
import org.ketaminefhir.server.fhir.RuleViolation;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * The REMS form tracked to its submission, at the writes of a client (alone or in a transaction):
 *
 * <ul>
 *   <li>a {@code completed} (or {@code amended}) response to the REMS Questionnaire: before it is stored, its
 *       {@code session} item must name an esketamine session of its subject with a REMS Task ({@code
 *       REMS-FORM-SESSION}, 422; the required items were checked just before, {@code QR-REQUIRED}); after it is stored,
 *       before the commit, the session's open Task goes {@code in-progress} with the response as output
 *       {@code response};
 *   <li>a Communication based on a REMS Task (or carrying a REMS confirmation number): before it is stored, it must
 *       record a submission ({@link RemsSubmissionCheck}, {@code REMS-SUBMISSION}, 422); after it is stored, the Task is
 *       {@code completed} with the Communication as output {@code submission}.
 * </ul>
 *
 * Both run after the patient's write lock (the response and the Communication are in the patient's compartment), so
 * two writes for one Task run one after the other.
 */
@Interceptor(order = RequestPath.REMS_SUBMISSIONS)
public class RemsSubmissionInterceptor {

    private final FhirContext fhirContext;
    private final IgTerms terms;
    private final KetamineProducts products;
    private final RemsTaskStore tasks;
    private final Clock clock;
    private final Runnable flush;

    public RemsSubmissionInterceptor(
            FhirContext fhirContext,
            IgTerms terms,
            KetamineProducts products,
            RemsTaskStore tasks,
            Clock clock,
            Runnable flush) {
        this.fhirContext = fhirContext;
        this.terms = terms;
        this.products = products;
        this.tasks = tasks;
        this.clock = clock;
        this.flush = flush;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void afterCreate(IBaseResource resource, RequestDetails request) {
        record(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void afterUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        record(resource, request);
    }

    private void check(IBaseResource resource, RequestDetails request) {
        if (!RuleScope.applies(request)) {
            return;
        }
        if (resource instanceof QuestionnaireResponse response && isRemsForm(response)) {
            flush.run();
            String named = RemsFormSession.sessionOf(response).orElse(null);
            RemsFormSession.Session session = named == null ? null : session(named);
            boolean kept = named != null && tasks.keptFor(named).isPresent();
            reject(RemsFormSession.check(RemsSubmissionCheck.unversioned(response.getSubject()), named, session, kept));
        } else if (resource instanceof Communication communication) {
            Optional<Task> task = basedOnTask(communication);
            if (task.isEmpty() && RemsSubmissionCheck.confirmationNumber(communication) == null) {
                return; // not a REMS submission
            }
            String self = communication.getIdElement().hasIdPart()
                    ? "Communication/" + communication.getIdElement().getIdPart()
                    : null;
            reject(RemsSubmissionCheck.check(
                    communication, self, task.map(this::target).orElse(null), clock.instant()));
        }
    }

    private void record(IBaseResource resource, RequestDetails request) {
        if (!RuleScope.applies(request)) {
            return;
        }
        if (resource instanceof QuestionnaireResponse response
                && isRemsForm(response)
                && QuestionnaireResponses.final_(response)) {
            String self = "QuestionnaireResponse/" + response.getIdElement().getIdPart();
            RemsFormSession.sessionOf(response).flatMap(tasks::keptFor).ifPresent(task -> {
                if (RemsTasks.OPEN.contains(task.getStatus())
                        && (task.getStatus() != Task.TaskStatus.INPROGRESS
                                || !self.equals(tasks.output(task, RemsTasks.OUTPUT_RESPONSE)))) {
                    task.setStatus(Task.TaskStatus.INPROGRESS);
                    tasks.setOutput(task, RemsTasks.OUTPUT_RESPONSE, self);
                    tasks.update(task);
                }
            });
        } else if (resource instanceof Communication communication) {
            String self = "Communication/" + communication.getIdElement().getIdPart();
            basedOnTask(communication).ifPresent(task -> {
                if (task.getStatus() != Task.TaskStatus.COMPLETED
                        || !self.equals(tasks.output(task, RemsTasks.OUTPUT_SUBMISSION))) {
                    task.setStatus(Task.TaskStatus.COMPLETED);
                    tasks.setOutput(task, RemsTasks.OUTPUT_SUBMISSION, self);
                    tasks.update(task);
                }
            });
        }
    }

    /** Whether the response answers the REMS Questionnaire (any version) and is to be checked (completed, amended). */
    private boolean isRemsForm(QuestionnaireResponse response) {
        String canonical = response.getQuestionnaire();
        if (canonical == null || !QuestionnaireResponses.final_(response)) {
            return false;
        }
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        return url.equals(tasks.questionnaire());
    }

    private RemsFormSession.Session session(String id) {
        if (!id.startsWith("MedicationAdministration/")) {
            return null;
        }
        return tasks.read(MedicationAdministration.class, id)
                .map(ma -> new RemsFormSession.Session(
                        id,
                        terms.declares(ma, "ketamine-session") && products.isEsketamine(ma),
                        RemsSubmissionCheck.unversioned(ma.getSubject())))
                .orElse(null);
    }

    /** The first REMS Task the Communication is based on, if any. */
    private Optional<Task> basedOnTask(Communication communication) {
        for (Reference basedOn : communication.getBasedOn()) {
            String id = RemsSubmissionCheck.unversioned(basedOn);
            if (id != null && id.startsWith("Task/")) {
                Optional<Task> task = tasks.read(Task.class, id).filter(tasks::isRemsTask);
                if (task.isPresent()) {
                    return task;
                }
            }
        }
        return Optional.empty();
    }

    private RemsSubmissionCheck.Target target(Task task) {
        String response = tasks.output(task, RemsTasks.OUTPUT_RESPONSE);
        boolean completed = response != null
                && tasks.read(QuestionnaireResponse.class, response)
                        .filter(QuestionnaireResponses::final_)
                        .isPresent();
        return new RemsSubmissionCheck.Target(
                "Task/" + task.getIdElement().getIdPart(),
                task.getStatus(),
                RemsSubmissionCheck.unversioned(task.getFor()),
                RemsSubmissionCheck.unversioned(task.getFocus()),
                completed ? response : null,
                tasks.output(task, RemsTasks.OUTPUT_SUBMISSION));
    }

    private void reject(List<Finding> findings) {
        if (!findings.isEmpty()) {
            throw RuleViolation.reject(fhirContext, findings);
        }
    }
}
