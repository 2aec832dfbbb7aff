package org.ketaminefhir.server.clinical.session;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;
import org.ketaminefhir.server.fhir.RuleViolation;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * Runs {@link SessionRules} on every write of a session, after profile validation and with the patient's write lock
 * held; a violation is a 422.
 */
@Interceptor(order = RequestPath.SESSION_RULES)
public class SessionRulesInterceptor {

    private final FhirContext fhirContext;
    private final IgTerms terms;
    private final SessionChart chart;
    private final SessionRules rules;

    public SessionRulesInterceptor(FhirContext fhirContext, IgTerms terms, SessionChart chart, SessionRules rules) {
        this.fhirContext = fhirContext;
        this.terms = terms;
        this.chart = chart;
        this.rules = rules;
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
        if (!RuleScope.applies(request)
                || !(resource instanceof MedicationAdministration session)
                || !terms.declares(session, "ketamine-session")
                || session.getStatus() == MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR) {
            return;
        }
        if (!session.hasEffectivePeriod()
                || !session.getEffectivePeriod().hasStart()
                || !session.getSubject().hasReference()) {
            // Only reachable with profile validation switched off: the rules need to know who and when.
            throw RuleViolation.reject(
                    fhirContext,
                    "SESSION-START",
                    "a session needs a subject and effectivePeriod.start",
                    "MedicationAdministration.effectivePeriod.start");
        }
        List<Finding> findings = rules.check(chart.facts(session, request));
        if (!findings.isEmpty()) {
            throw RuleViolation.reject(fhirContext, findings);
        }
    }
}
