package org.ketaminefhir.server.clinical.questionnaire;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.SafetyAlert;
import org.ketaminefhir.server.clinical.SafetyAlerts;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;

/**
 * A questionnaire response written (alone or in a transaction, by anyone but the server itself):
 *
 * <ul>
 *   <li>before it is stored (after validation, with the patient's write lock held): a {@code completed} or
 *       {@code amended} response is checked ({@code QR-REQUIRED}, {@code QR-ANSWER}, {@code QR-SCORE}, {@code QR-TASK}:
 *       422) and the total or risk it does not state is filled in; an {@code in-progress} one is stored as it is;
 *   <li>after it is stored, before the commit, as the server: the Observations its Questionnaire's templates yield are
 *       created, or updated when the response was stored before (matched by derivedFrom and code); an
 *       {@code entered-in-error} response takes its Observations with it. PHQ-9 item 9 above the level raises the
 *       {@code PHQ9-ITEM9} alert and a Task to do a C-SSRS screen (once per response); a C-SSRS screener's high or
 *       moderate risk raises the {@code CSSRS-RISK} alert; the Tasks the response is basedOn are completed, and a C-SSRS
 *       response completes the patient's open C-SSRS Tasks raised by an alert before it.
 * </ul>
 */
@Interceptor(order = RequestPath.QUESTIONNAIRE_RESPONSES)
public class QuestionnaireResponseInterceptor {

    static final String PHQ9 = "phq-9";
    static final String CSSRS_RECENT = "cssrs-screener-recent";

    private final DaoRegistry daos;
    private final IgTerms terms;
    private final QuestionnaireResponses responses;
    private final SuicideRiskRules rules;
    private final SafetyAlerts alerts;
    private final Runnable flush;

    /**
     * @param flush writes what the current database transaction holds back: inside a transaction bundle HAPI defers
     *     its inserts to the commit, and a resource written here must be found when the next one refers to it
     */
    public QuestionnaireResponseInterceptor(
            DaoRegistry daos,
            IgTerms terms,
            QuestionnaireResponses responses,
            SuicideRiskRules rules,
            SafetyAlerts alerts,
            Runnable flush) {
        this.flush = flush;
        this.daos = daos;
        this.terms = terms;
        this.responses = responses;
        this.rules = rules;
        this.alerts = alerts;
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
        derive(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void afterUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        derive(resource, request);
    }

    private void check(IBaseResource resource, RequestDetails request) {
        if (!RuleScope.applies(request)
                || !(resource instanceof QuestionnaireResponse response)
                || !QuestionnaireResponses.final_(response)) {
            return;
        }
        responses.of(response).ifPresent(responses::checkAndFill);
    }

    private void derive(IBaseResource resource, RequestDetails request) {
        if (!RuleScope.applies(request) || !(resource instanceof QuestionnaireResponse response)) {
            return;
        }
        String self = "QuestionnaireResponse/" + response.getIdElement().getIdPart();
        List<Observation> stored = derivedFrom(self);
        if (response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR) {
            stored.forEach(this::enteredInError);
            return;
        }
        if (!QuestionnaireResponses.final_(response)) {
            return;
        }
        Optional<QuestionnaireResponses.Answered> found = responses.of(response);
        if (found.isEmpty()) {
            return;
        }
        QuestionnaireResponses.Answered answered = found.get();
        flush.run();
        List<Observation> derived = new ArrayList<>();
        for (Resource extracted : responses.extract(answered)) {
            if (extracted instanceof Observation observation) {
                derived.add(keep(observation, stored));
            } else {
                daos.getResourceDao(extracted.fhirType()).create(extracted, new SystemRequestDetails());
            }
        }
        for (Observation old : stored) {
            if (derived.stream()
                    .noneMatch(d -> d.getIdElement()
                            .getIdPart()
                            .equals(old.getIdElement().getIdPart()))) {
                enteredInError(old);
            }
        }
        flush.run();
        Reference patient = response.getSubject();
        if (PHQ9.equals(answered.questionnaireId())) {
            item9(answered, patient, self, derived);
        }
        CssrsRisk.Form.of(answered.questionnaireId()).ifPresent(form -> cssrs(answered, form, patient, self, derived));
        completeTasks(answered, self);
    }

    /** Stores an extracted Observation: as an update of the one stored for the same code, else as a new one. */
    private Observation keep(Observation extracted, List<Observation> stored) {
        Coding code = extracted.getCode().getCodingFirstRep();
        Optional<Observation> same = stored.stream()
                .filter(o -> IgTerms.hasCoding(o.getCode(), code.getSystem(), code.getCode()))
                .findFirst();
        if (same.isPresent()) {
            extracted.setId(same.get().getIdElement().toUnqualifiedVersionless());
            return (Observation)
                    observations().update(extracted, new SystemRequestDetails()).getResource();
        }
        return (Observation)
                observations().create(extracted, new SystemRequestDetails()).getResource();
    }

    private void enteredInError(Observation observation) {
        if (observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
            return;
        }
        observation.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        observation.setId(observation.getIdElement().toUnqualifiedVersionless());
        observations().update(observation, new SystemRequestDetails());
    }

    private void item9(
            QuestionnaireResponses.Answered answered, Reference patient, String self, List<Observation> derived) {
        Optional<BigDecimal> ordinal = QuestionnaireScoring.ordinal(answered.items(), SuicideRiskRules.ITEM9);
        Optional<SafetyAlert> alert = ordinal.flatMap(rules::item9);
        if (alert.isEmpty()) {
            return;
        }
        Reference finding =
                findingOf(derived, IgTerms.LOINC, SuicideRiskRules.ITEM9).orElse(new Reference(self));
        DetectedIssue issue = alerts.raise(
                alert.get(),
                new SafetyAlerts.About(
                        patient,
                        answered.response().getAuthoredElement(),
                        finding,
                        finding.getReference().equals(self) ? List.of() : List.of(new Reference(self))),
                Set.of(SafetyAlert.SUICIDE_RISK_PHQ9_ITEM9));
        String alertId = "DetectedIssue/" + issue.getIdElement().getIdPart();
        flush.run();
        boolean asked = openTasks(patient.getReference()).stream()
                .anyMatch(task -> task.getReasonReference().getReference() != null
                        && task.getReasonReference().getReference().equals(alertId));
        if (!asked) {
            daos.getResourceDao(Task.class)
                    .create(cssrsTask(patient, answered.response(), alertId), new SystemRequestDetails());
        }
    }

    private Task cssrsTask(Reference patient, QuestionnaireResponse response, String alertId) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.URGENT);
        task.setCode(new CodeableConcept(new Coding(PatientChart.SDC_TEMP, PatientChart.COMPLETE_QUESTIONNAIRE, null)));
        task.setFor(patient.copy());
        task.setAuthoredOn(new Date());
        task.setDescription("PHQ-9 item 9 answered above the alert level: a C-SSRS screen is needed");
        task.setReasonReference(new Reference(alertId));
        task.getRestriction()
                .setPeriod(new Period()
                        .setStartElement(response.getAuthoredElement().copy()));
        task.addInput()
                .setType(new CodeableConcept(new Coding(PatientChart.SDC_TEMP, "questionnaire", null)))
                .setValue(new CanonicalType(terms.questionnaire(CSSRS_RECENT)));
        return task;
    }

    private void cssrs(
            QuestionnaireResponses.Answered answered,
            CssrsRisk.Form form,
            Reference patient,
            String self,
            List<Observation> derived) {
        CssrsRisk.Risk risk = CssrsRisk.risk(form, QuestionnaireScoring.booleans(answered.items()));
        Optional<SafetyAlert> alert = SuicideRiskRules.cssrs(risk);
        if (alert.isEmpty()) {
            return;
        }
        Reference finding = findingOf(derived, terms.observationCodes(), CssrsRisk.RISK_ITEM)
                .orElse(new Reference(self));
        alerts.raise(
                alert.get(),
                new SafetyAlerts.About(
                        patient,
                        answered.response().getAuthoredElement(),
                        finding,
                        finding.getReference().equals(self) ? List.of() : List.of(new Reference(self))),
                Set.of(SafetyAlert.SUICIDE_RISK_HIGH, SafetyAlert.SUICIDE_RISK_MODERATE));
    }

    private static Optional<Reference> findingOf(List<Observation> derived, String system, String code) {
        return derived.stream()
                .filter(o -> IgTerms.hasCoding(o.getCode(), system, code))
                .findFirst()
                .map(o -> new Reference("Observation/" + o.getIdElement().getIdPart()));
    }

    /**
     * The Task the response answers: those it is basedOn (checked at {@code QR-TASK}; R4 allows only CarePlan and
     * ServiceRequest there, so HAPI refuses a Task unless reference target types are not enforced), else the patient's
     * open complete-questionnaire Task for the same Questionnaire that started last at or before the response was
     * authored (the current measurement; an alert's C-SSRS Task).
     */
    private void completeTasks(QuestionnaireResponses.Answered answered, String self) {
        QuestionnaireResponse response = answered.response();
        List<Task> answering = new ArrayList<>();
        for (Reference basedOn : response.getBasedOn()) {
            if (basedOn.hasReference() && basedOn.getReference().startsWith("Task/")) {
                answering.add(daos.getResourceDao(Task.class)
                        .read(
                                new org.hl7.fhir.r4.model.IdType(basedOn.getReference()).toUnqualifiedVersionless(),
                                new SystemRequestDetails()));
            }
        }
        if (answering.isEmpty() && response.getSubject().hasReference()) {
            String questionnaire = QuestionnaireResponses.unversioned(response.getQuestionnaire());
            Task current = null;
            for (Task task : openTasks(response.getSubject().getReference())) {
                boolean sameQuestionnaire = QuestionnaireResponses.askedQuestionnaire(task)
                        .map(QuestionnaireResponses::unversioned)
                        .filter(questionnaire::equals)
                        .isPresent();
                Date start = task.getRestriction().getPeriod().getStart();
                boolean started = start == null || !response.hasAuthored() || !start.after(response.getAuthored());
                if (sameQuestionnaire
                        && started
                        && (current == null
                                || (start != null
                                        && (current.getRestriction().getPeriod().getStart() == null
                                                || start.after(current.getRestriction()
                                                        .getPeriod()
                                                        .getStart()))))) {
                    current = task;
                }
            }
            if (current != null) {
                answering.add(current);
            }
        }
        for (Task task : answering) {
            if (task.getStatus() == Task.TaskStatus.COMPLETED
                    && task.getOutput().stream()
                            .anyMatch(o -> o.getValue() instanceof Reference r && self.equals(r.getReference()))) {
                continue;
            }
            task.setStatus(Task.TaskStatus.COMPLETED);
            task.addOutput()
                    .setType(new CodeableConcept(new Coding(PatientChart.SDC_TEMP, "questionnaire-response", null)))
                    .setValue(new Reference(self));
            task.setId(task.getIdElement().toUnqualifiedVersionless());
            daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
        }
    }

    private List<Task> openTasks(String patient) {
        List<Task> tasks = new ArrayList<>();
        for (Object resource : daos.getResourceDao(Task.class)
                .searchForResources(
                        SearchParameterMap.newSynchronous()
                                .add(Task.SP_PATIENT, new ReferenceParam(patient))
                                .add(
                                        Task.SP_CODE,
                                        new TokenParam(PatientChart.SDC_TEMP, PatientChart.COMPLETE_QUESTIONNAIRE)),
                        new SystemRequestDetails())) {
            Task task = (Task) resource;
            if (task.getStatus() == Task.TaskStatus.REQUESTED
                    || task.getStatus() == Task.TaskStatus.READY
                    || task.getStatus() == Task.TaskStatus.INPROGRESS) {
                tasks.add(task);
            }
        }
        return tasks;
    }

    private List<Observation> derivedFrom(String response) {
        List<Observation> found = new ArrayList<>();
        for (Object resource : observations()
                .searchForResources(
                        SearchParameterMap.newSynchronous()
                                .add(Observation.SP_DERIVED_FROM, new ReferenceParam(response)),
                        new SystemRequestDetails())) {
            found.add((Observation) resource);
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private IFhirResourceDao<Observation> observations() {
        return daos.getResourceDao(Observation.class);
    }
}
