package org.ketaminefhir.server.clinical.monitoring;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.server.clinical.BloodPressure;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.SessionTimePoint;
import org.ketaminefhir.server.clinical.monitoring.VitalSignAlerts.Alert;
import org.ketaminefhir.server.clinical.monitoring.VitalSignAlerts.Kind;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;

/**
 * When a session vital sign is stored, raises a DetectedIssue (status preliminary, i.e. open) for each alert level it
 * crosses, referencing the observation, the session and the patient, in the same transaction. Apps find them with
 * {@code DetectedIssue?patient=...&status=preliminary} (and later by subscription).
 */
@Interceptor(order = RequestPath.VITAL_SIGN_ALERTS)
public class VitalSignAlertInterceptor {

    private static final Map<String, Kind> KINDS = Map.of(
            BloodPressure.PANEL,
            Kind.BLOOD_PRESSURE,
            "8867-4",
            Kind.HEART_RATE,
            "2708-6",
            Kind.OXYGEN_SATURATION,
            "9279-1",
            Kind.RESPIRATORY_RATE);

    private final DaoRegistry daos;
    private final IgTerms terms;
    private final VitalSignAlerts alerts;

    public VitalSignAlertInterceptor(DaoRegistry daos, IgTerms terms, VitalSignAlerts alerts) {
        this.daos = daos;
        this.terms = terms;
        this.alerts = alerts;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void afterCreate(IBaseResource resource, RequestDetails request) {
        raise(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void afterUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        raise(resource, request);
    }

    private void raise(IBaseResource resource, RequestDetails request) {
        if (!RuleScope.applies(request) || !(resource instanceof Observation observation) || !observation.hasPartOf()) {
            return;
        }
        Optional<SessionTimePoint> timePoint = SessionTimePoint.of(observation, terms);
        if (timePoint.isEmpty()) {
            return;
        }
        Kind kind = kind(observation);
        if (kind == null) {
            return;
        }
        boolean predose = timePoint.get().isPreDose();
        Optional<BloodPressure> bloodPressure =
                kind == Kind.BLOOD_PRESSURE ? BloodPressure.of(observation) : Optional.empty();
        BigDecimal value = kind == Kind.BLOOD_PRESSURE
                ? bloodPressure.map(BloodPressure::systolic).orElse(null)
                : observation.hasValueQuantity()
                        ? observation.getValueQuantity().getValue()
                        : null;
        BigDecimal diastolic = bloodPressure.map(BloodPressure::diastolic).orElse(null);
        for (Alert alert : alerts.check(kind, predose, value, diastolic)) {
            DetectedIssue issue = new DetectedIssue();
            issue.setStatus(DetectedIssue.DetectedIssueStatus.PRELIMINARY);
            issue.setCode(new CodeableConcept(new Coding(terms.codeSystem("safety-alert"), alert.code(), null)));
            issue.setSeverity(DetectedIssue.DetectedIssueSeverity.fromCode(alert.severity()));
            issue.setPatient(observation.getSubject().copy());
            if (observation.hasEffectiveDateTimeType()) {
                issue.setIdentified(observation.getEffectiveDateTimeType().copy());
            }
            issue.addImplicated(new Reference(observation.getIdElement().toUnqualifiedVersionless()));
            issue.addImplicated(observation.getPartOfFirstRep().copy());
            issue.setDetail(alert.ruleId() + ": " + alert.detail());
            // Raised by the server, not by the caller: the caller's token need not allow writing DetectedIssues. Same
            // database transaction as the observation (the transaction is bound to this thread).
            daos.getResourceDao(DetectedIssue.class).create(issue, new SystemRequestDetails());
        }
    }

    private static Kind kind(Observation observation) {
        for (Coding coding : observation.getCode().getCoding()) {
            if (IgTerms.LOINC.equals(coding.getSystem()) && KINDS.containsKey(coding.getCode())) {
                return KINDS.get(coding.getCode());
            }
        }
        return null;
    }
}
