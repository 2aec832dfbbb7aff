package org.ketaminefhir.server.clinical.plan;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.plan.QuestionnaireSchedule.Schedule;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;

/**
 * Keeps a treatment plan's questionnaire Tasks: whenever a {@code ketamine-treatment-plan} CarePlan is stored (by
 * {@code $ketamine-plan}, by a client, in a transaction, by the demo journey), in the same database transaction, one
 * {@code complete-questionnaire} Task per scheduled measurement and Questionnaire its measurement activities name
 * ({@code activity.detail.instantiatesCanonical}, one of the IG's Questionnaires): status requested, intent order, for
 * the patient, based on the plan, the Questionnaire as input, answerable from the measurement date and due
 * {@code questionnaire-due-days} later ({@link QuestionnaireSchedule}). A plan that is no longer active (revoked,
 * completed, entered in error) keeps no open Tasks. Writing the same plan again changes nothing; the patient's write
 * lock (held by every write of the plan) keeps two writes from both creating them.
 *
 * <p>The Tasks declare the IG's {@code ketamine-questionnaire-task} profile when the installed IG has it (and are then
 * labelled and validated like every profiled resource).
 */
@Interceptor(order = RequestPath.QUESTIONNAIRE_TASKS)
public class QuestionnaireTaskInterceptor {

    static final String MEASUREMENT = "measurement";

    private final DaoRegistry daos;
    private final IgTerms terms;
    private final PsychiatricSafetySettings settings;
    private final boolean taskProfileInstalled;

    /**
     * @param taskProfileInstalled whether the installed IG defines the {@code ketamine-questionnaire-task} profile
     */
    public QuestionnaireTaskInterceptor(
            DaoRegistry daos, IgTerms terms, PsychiatricSafetySettings settings, boolean taskProfileInstalled) {
        this.daos = daos;
        this.terms = terms;
        this.settings = settings;
        this.taskProfileInstalled = taskProfileInstalled;
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
                || !(resource instanceof CarePlan plan)
                || !terms.declares(plan, "ketamine-treatment-plan")
                || !plan.getSubject().hasReference()) {
            return;
        }
        String planId = "CarePlan/" + plan.getIdElement().getIdPart();
        List<QuestionnaireSchedule.Due> wanted =
                plan.getStatus() == CarePlan.CarePlanStatus.ACTIVE ? wanted(plan, terms, settings) : List.of();
        List<Task> stored = stored(planId);
        List<QuestionnaireSchedule.Stored> facts = new ArrayList<>();
        for (Task task : stored) {
            QuestionnaireTasks.of(task)
                    .ifPresent(f -> facts.add(new QuestionnaireSchedule.Stored(
                            f.id(), f.questionnaire(), f.from(), task.getStatus() == Task.TaskStatus.REQUESTED)));
        }
        QuestionnaireSchedule.Changes changes = QuestionnaireSchedule.changes(wanted, facts);
        for (QuestionnaireSchedule.Due due : changes.create()) {
            daos.getResourceDao(Task.class).create(task(due, plan.getSubject(), planId), new SystemRequestDetails());
        }
        for (Task task : stored) {
            if (changes.cancel().contains("Task/" + task.getIdElement().getIdPart())) {
                task.setStatus(Task.TaskStatus.CANCELLED);
                task.setStatusReason(new CodeableConcept().setText("no longer scheduled by " + planId));
                daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
            }
        }
    }

    /** The Tasks the plan's active measurement activities call for. */
    static List<QuestionnaireSchedule.Due> wanted(CarePlan plan, IgTerms terms, PsychiatricSafetySettings settings) {
        Set<String> known = Set.copyOf(PsychiatricSafetySettings.QUESTIONNAIRES.stream()
                .map(terms::questionnaire)
                .toList());
        List<QuestionnaireSchedule.Due> wanted = new ArrayList<>();
        for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
            CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
            if (!IgTerms.hasCoding(detail.getCode(), terms.codeSystem("plan-activity"), MEASUREMENT)
                    || detail.getStatus() == CarePlan.CarePlanActivityStatus.CANCELLED
                    || detail.getStatus() == CarePlan.CarePlanActivityStatus.STOPPED
                    || detail.getStatus() == CarePlan.CarePlanActivityStatus.COMPLETED
                    || detail.getStatus() == CarePlan.CarePlanActivityStatus.ENTEREDINERROR) {
                continue;
            }
            List<String> questionnaires = detail.getInstantiatesCanonical().stream()
                    .map(CanonicalType::getValue)
                    .filter(known::contains)
                    .distinct()
                    .toList();
            Schedule schedule = schedule(detail);
            if (questionnaires.isEmpty() || schedule == null) {
                continue;
            }
            wanted.addAll(QuestionnaireSchedule.tasks(
                    questionnaires,
                    QuestionnaireSchedule.dates(schedule, settings.openScheduleWeeks()),
                    settings.questionnaireDueDays()));
        }
        return wanted;
    }

    /** The activity's schedule: a scheduled period (one date) or a Timing; null if it states no start. */
    static Schedule schedule(CarePlan.CarePlanActivityDetailComponent detail) {
        if (detail.hasScheduledPeriod()) {
            Period period = detail.getScheduledPeriod();
            return period.hasStart() ? Schedule.once(QuestionnaireTasks.date(period.getStartElement())) : null;
        }
        if (!detail.hasScheduledTiming()) {
            return null;
        }
        Timing timing = detail.getScheduledTiming();
        List<LocalDate> events = timing.getEvent().stream()
                .map(QuestionnaireTasks::date)
                .filter(java.util.Objects::nonNull)
                .toList();
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        Period bounds = repeat.hasBoundsPeriod() ? repeat.getBoundsPeriod() : new Period();
        LocalDate start = bounds.hasStart() ? QuestionnaireTasks.date(bounds.getStartElement()) : null;
        if (start == null && events.isEmpty()) {
            return null;
        }
        return new Schedule(
                start,
                bounds.hasEnd() ? QuestionnaireTasks.date(bounds.getEndElement()) : null,
                repeat.hasCount() ? repeat.getCount() : null,
                repeat.hasPeriod() ? repeat.getPeriod().intValue() : 0,
                repeat.hasPeriodUnit()
                        ? QuestionnaireSchedule.Unit.of(repeat.getPeriodUnit().toCode())
                        : null,
                repeat.hasFrequency() ? repeat.getFrequency() : 1,
                events);
    }

    /** The questionnaire Tasks stored for the plan. */
    private List<Task> stored(String planId) {
        return daos.getResourceDao(Task.class)
                .searchForResources(
                        SearchParameterMap.newSynchronous()
                                .add(Task.SP_BASED_ON, new ReferenceParam(planId))
                                .add(
                                        Task.SP_CODE,
                                        new TokenParam(PatientChart.SDC_TEMP, PatientChart.COMPLETE_QUESTIONNAIRE)),
                        new SystemRequestDetails());
    }

    private Task task(QuestionnaireSchedule.Due due, Reference patient, String planId) {
        Task task = new Task();
        if (taskProfileInstalled) {
            task.getMeta().addProfile(terms.profile("ketamine-questionnaire-task"));
        }
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding(PatientChart.SDC_TEMP, PatientChart.COMPLETE_QUESTIONNAIRE, null)));
        task.setFor(patient.copy());
        task.addBasedOn(new Reference(planId));
        task.setAuthoredOn(new Date());
        task.setDescription("Rating-scale measurement of " + due.from() + " by the treatment plan: "
                + due.questionnaire().substring(due.questionnaire().lastIndexOf('/') + 1) + ", due " + due.due());
        task.getRestriction()
                .setPeriod(new Period()
                        .setStartElement(new DateTimeType(due.from().toString()))
                        .setEndElement(new DateTimeType(due.due().toString())));
        task.addInput()
                .setType(new CodeableConcept(new Coding(PatientChart.SDC_TEMP, "questionnaire", null)))
                .setValue(new CanonicalType(due.questionnaire()));
        return task;
    }
}
