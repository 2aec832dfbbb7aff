package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.clinical.SafetyAlert;
import org.ketaminefhir.server.clinical.SafetyAlerts;
import org.ketaminefhir.server.database.PatientLocks;

/**
 * The overdue REMS forms (rule {@code REMS-OVERDUE}): every open REMS Task whose due date is before today (the clinic's
 * time zone, from the injected Clock) raises one moderate {@code rems-form-overdue} alert implicating the Task and the
 * session. Each alert is raised in its own database transaction holding the patient's write lock, after looking again
 * for one raised before (of any status), so two sweeps at once (two servers on one database, two threads) raise it
 * once. Run by {@link RemsOverdueSchedule}; tests call {@link #sweep()} directly.
 */
public class RemsOverdueSweep {

    private final DaoRegistry daos;
    private final RemsTaskStore tasks;
    private final SafetyAlerts alerts;
    private final PatientLocks locks;
    private final IHapiTransactionService transactions;
    private final Clock clock;

    public RemsOverdueSweep(
            DaoRegistry daos,
            RemsTaskStore tasks,
            SafetyAlerts alerts,
            PatientLocks locks,
            IHapiTransactionService transactions,
            Clock clock) {
        this.daos = daos;
        this.tasks = tasks;
        this.alerts = alerts;
        this.locks = locks;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Sweeps as of today in the clinic's time zone; returns how many alerts it raised. */
    public int sweep() {
        return sweep(LocalDate.now(clock));
    }

    /** Sweeps as of {@code today}; returns how many alerts it raised. */
    public int sweep(LocalDate today) {
        return sweep(today, null);
    }

    /**
     * Sweeps one patient's Tasks ({@code Patient/...}; every patient's when null) as of {@code today}; returns how many
     * alerts it raised. Tests sweep their own patients so as not to raise alerts on records other tests share.
     */
    public int sweep(LocalDate today, String patient) {
        List<RemsTasks.Facts> open = tasks.open(patient).stream()
                .map(task -> RemsTasks.of(task, clock.getZone()))
                .toList();
        int raised = 0;
        for (RemsTasks.Facts overdue : RemsTasks.overdue(today, open)) {
            if (overdue.patient() == null || alerted(overdue.id())) {
                continue;
            }
            Boolean done = transactions.withSystemRequest().execute(() -> raise(overdue.id(), today));
            if (Boolean.TRUE.equals(done)) {
                raised++;
            }
        }
        return raised;
    }

    /** Under the patient's lock: the Task read again, still overdue and not alerted, raises its alert. */
    private boolean raise(String taskId, LocalDate today) {
        Task task = tasks.read(Task.class, taskId).orElse(null);
        if (task == null) {
            return false;
        }
        RemsTasks.Facts facts = RemsTasks.of(task, clock.getZone());
        locks.lock(List.of(facts.patient()));
        task = tasks.read(Task.class, taskId).orElse(null);
        if (task == null) {
            return false;
        }
        facts = RemsTasks.of(task, clock.getZone());
        if (RemsTasks.overdue(today, List.of(facts)).isEmpty() || alerted(taskId)) {
            return false;
        }
        SafetyAlert alert = new SafetyAlert(
                RemsTasks.OVERDUE_RULE,
                RemsTasks.OVERDUE_ALERT,
                SafetyAlert.MODERATE,
                "the SPRAVATO REMS Patient Monitoring Form of " + facts.session() + " was due " + facts.due()
                        + " and is not submitted (" + taskId + ", "
                        + task.getStatus().toCode() + ")");
        List<Reference> context = facts.session() == null ? List.of() : List.of(new Reference(facts.session()));
        alerts.raise(
                alert,
                new SafetyAlerts.About(
                        new Reference(facts.patient()),
                        new DateTimeType(java.util.Date.from(clock.instant())),
                        new Reference(taskId),
                        context),
                Set.of(RemsTasks.OVERDUE_ALERT));
        return true;
    }

    /** Whether an overdue alert implicating the Task was ever raised (any status: a closed one is not raised again). */
    private boolean alerted(String taskId) {
        SearchParameterMap map = SearchParameterMap.newSynchronous()
                .add(DetectedIssue.SP_IMPLICATED, new ReferenceParam(taskId))
                .add(DetectedIssue.SP_CODE, new TokenParam(alerts.system(), RemsTasks.OVERDUE_ALERT));
        return !daos.getResourceDao(DetectedIssue.class)
                .searchForResources(map, new SystemRequestDetails())
                .isEmpty();
    }
}
