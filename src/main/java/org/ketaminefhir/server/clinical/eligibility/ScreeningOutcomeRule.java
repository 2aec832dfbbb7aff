package org.ketaminefhir.server.clinical.eligibility;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;
import org.ketaminefhir.server.fhir.RuleViolation;

/**
 * The eligibility outcome of a screening comes from the server's rules, on every write (alone or in a transaction):
 * a screening written without an outcome gets the computed one with its reasons; one written with an outcome the rules
 * do not reach is refused (422, {@value #RULE}) and nothing is stored. Reasons written by the client are replaced by
 * the rules' own.
 */
@Interceptor(order = RequestPath.SCREENING_OUTCOME)
public class ScreeningOutcomeRule {

    public static final String RULE = "ELIG-OUTCOME";

    private final FhirContext fhirContext;
    private final ScreeningEvaluation evaluation;

    public ScreeningOutcomeRule(FhirContext fhirContext, ScreeningEvaluation evaluation) {
        this.fhirContext = fhirContext;
        this.evaluation = evaluation;
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
                || !(resource instanceof Observation screening)
                || !evaluation.isScreening(screening)
                || screening.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || screening.getStatus() == Observation.ObservationStatus.CANCELLED) {
            return;
        }
        EligibilityRules.Decision decision = evaluation.decide(screening, request);
        if (screening.hasValue() && evaluation.writtenOutcome(screening) != decision.outcome()) {
            EligibilityOutcome written = evaluation.writtenOutcome(screening);
            String because = decision.reasons().isEmpty()
                    ? "nothing it records stands in the way"
                    : decision.reasons().stream().map(Object::toString).collect(Collectors.joining("; "));
            throw RuleViolation.reject(
                    fhirContext,
                    RULE,
                    "the screening states the outcome "
                            + (written == null ? "(not an eligibility-outcome code)" : written.code())
                            + ", but from what it records the"
                            + " eligibility rules decide " + decision.outcome().code() + " (" + because
                            + "). Leave the value out to have"
                            + " it computed.",
                    "Observation.value");
        }
        evaluation.record(screening, decision);
    }
}
