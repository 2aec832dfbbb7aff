package org.ketaminefhir.server.clinical.monitoring;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.ketaminefhir.server.clinical.SafetyAlert;
import org.ketaminefhir.server.clinical.SafetyAlerts;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;
import org.ketaminefhir.server.fhir.RuleViolation;

/**
 * Runs {@link AlertReviewRule} on every write of a suicide-risk alert (a DetectedIssue coded with one of the IG's
 * suicide-risk safety-alert codes), created or updated: a 422 naming the rule when it is set to reviewed without a
 * complete mitigation. Other alerts (vital signs, sedation) are acknowledged as before.
 */
@Interceptor(order = RequestPath.ALERT_REVIEW)
public class AlertReviewInterceptor {

    private final FhirContext fhirContext;
    private final SafetyAlerts alerts;
    private final AlertReviewRule rule;

    public AlertReviewInterceptor(FhirContext fhirContext, SafetyAlerts alerts, AlertReviewRule rule) {
        this.fhirContext = fhirContext;
        this.alerts = alerts;
        this.rule = rule;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        check(resource, request);
    }

    private void check(IBaseResource resource, RequestDetails request) {
        if (!RuleScope.applies(request) || !(resource instanceof DetectedIssue alert) || !alert.hasStatus()) {
            return;
        }
        boolean suicideRisk = alert.getCode().getCoding().stream()
                .anyMatch(c -> alerts.system().equals(c.getSystem()) && SafetyAlert.SUICIDE_RISK.contains(c.getCode()));
        if (!suicideRisk) {
            return;
        }
        List<AlertReviewRule.Mitigation> mitigations = alert.getMitigation().stream()
                .map(m -> new AlertReviewRule.Mitigation(
                        m.getAction().getCoding().stream()
                                .map(c -> c.getSystem() + "|" + c.getCode())
                                .toList(),
                        m.hasDate(),
                        m.getAuthor().hasReference() ? m.getAuthor().getReference() : null))
                .toList();
        rule.check(alert.getStatus().toCode(), mitigations).ifPresent(finding -> {
            throw RuleViolation.reject(fhirContext, List.of(finding));
        });
    }
}
