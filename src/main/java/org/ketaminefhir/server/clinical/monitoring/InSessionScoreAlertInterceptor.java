package org.ketaminefhir.server.clinical.monitoring;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.SafetyAlert;
import org.ketaminefhir.server.clinical.SafetyAlerts;
import org.ketaminefhir.server.clinical.monitoring.InSessionScoreAlerts.Scale;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;

/**
 * When an in-session score is stored (a {@code ketamine-score} Observation coded MOAA/S or CADSS and part of a session),
 * raises its alert ({@link InSessionScoreAlerts}) in the same transaction, implicating the score, the session and the
 * patient. One alert per score: writing the score again does not raise a second ({@link SafetyAlerts}).
 */
@Interceptor(order = RequestPath.SCORE_ALERTS)
public class InSessionScoreAlertInterceptor {

    private final IgTerms terms;
    private final InSessionScoreAlerts rules;
    private final SafetyAlerts alerts;

    public InSessionScoreAlertInterceptor(IgTerms terms, InSessionScoreAlerts rules, SafetyAlerts alerts) {
        this.terms = terms;
        this.rules = rules;
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
        if (!RuleScope.applies(request)
                || !(resource instanceof Observation score)
                || !score.hasPartOf()
                || !score.hasValueIntegerType()
                || score.getValueIntegerType().getValue() == null
                || score.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || score.getStatus() == Observation.ObservationStatus.CANCELLED
                || !terms.declares(score, "ketamine-score")) {
            return;
        }
        Optional<Scale> scale = scaleOf(score, terms);
        if (scale.isEmpty()) {
            return;
        }
        Optional<SafetyAlert> alert =
                rules.check(scale.get(), score.getValueIntegerType().getValue());
        if (alert.isEmpty()) {
            return;
        }
        alerts.raise(
                alert.get(),
                new SafetyAlerts.About(
                        score.getSubject(),
                        score.hasEffectiveDateTimeType() ? score.getEffectiveDateTimeType() : null,
                        new Reference(score.getIdElement().toUnqualifiedVersionless()),
                        List.of(score.getPartOfFirstRep())),
                scale.get().alertCodes());
    }

    /** The in-session scale of a score, by its code in the IG's ketamine-observation-codes. */
    static Optional<Scale> scaleOf(Observation score, IgTerms terms) {
        for (Scale scale : Scale.values()) {
            if (IgTerms.hasCoding(score.getCode(), terms.observationCodes(), scale.code())) {
                return Optional.of(scale);
            }
        }
        return Optional.empty();
    }
}
