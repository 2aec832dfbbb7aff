package org.ketaminefhir.server.clinical.monitoring;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.monitoring.DischargeRule.MoaasScore;
import org.ketaminefhir.server.clinical.monitoring.InSessionScoreAlerts.Scale;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;
import org.ketaminefhir.server.fhir.RuleViolation;

/**
 * Runs {@link DischargeRule} on every write of a discharge readiness ({@code ketamine-discharge-readiness}), after
 * profile validation and with the patient's write lock held: it reads the session's MOAA/S scores, stored and written
 * in the same transaction. A refusal is a 422 naming the rule.
 */
@Interceptor(order = RequestPath.DISCHARGE_RULE)
public class DischargeRuleInterceptor {

    private final FhirContext fhirContext;
    private final IgTerms terms;
    private final PatientChart chart;
    private final DischargeRule rule;

    public DischargeRuleInterceptor(FhirContext fhirContext, IgTerms terms, PatientChart chart, DischargeRule rule) {
        this.fhirContext = fhirContext;
        this.terms = terms;
        this.chart = chart;
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
        if (!RuleScope.applies(request)
                || !(resource instanceof Observation discharge)
                || !terms.declares(discharge, "ketamine-discharge-readiness")
                || discharge.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                || discharge.getStatus() == Observation.ObservationStatus.CANCELLED
                || !discharge.hasValueBooleanType()
                || !discharge.getValueBooleanType().booleanValue()
                || !discharge.hasPartOf()) {
            return;
        }
        rule.check(true, moaasScores(discharge.getPartOfFirstRep(), request)).ifPresent(finding -> {
            throw RuleViolation.reject(fhirContext, List.of(finding));
        });
    }

    /** The session's MOAA/S scores: stored, and written in this transaction (which replace their stored versions). */
    private List<MoaasScore> moaasScores(Reference session, RequestDetails request) {
        Set<String> sessionKeys = new HashSet<>();
        sessionKeys.add(session.getReference());
        PatientChart.inThisTransaction(request, MedicationAdministration.class, session)
                .filter(ma -> ma.getIdElement().hasIdPart())
                .ifPresent(ma -> sessionKeys.add(
                        "MedicationAdministration/" + ma.getIdElement().getIdPart()));
        Map<String, Observation> observed = new LinkedHashMap<>();
        for (String key : sessionKeys) {
            if (key != null && key.startsWith("MedicationAdministration/")) {
                chart.partOf(key).forEach(o -> observed.put(idOf(o), o));
            }
        }
        for (Observation written : PatientChart.inThisTransaction(request, Observation.class)) {
            if (written.getPartOf().stream().anyMatch(p -> sessionKeys.contains(p.getReference()))) {
                observed.put(written.getIdElement().hasIdPart() ? idOf(written) : "new-" + observed.size(), written);
            }
        }
        List<MoaasScore> scores = new ArrayList<>();
        for (Observation observation : observed.values()) {
            if (terms.declares(observation, "ketamine-score")
                    && InSessionScoreAlertInterceptor.scaleOf(observation, terms)
                                    .orElse(null)
                            == Scale.MOAAS
                    && observation.hasValueIntegerType()
                    && observation.getValueIntegerType().getValue() != null
                    && observation.hasEffectiveDateTimeType()
                    && observation.getEffectiveDateTimeType().getValue() != null
                    && observation.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
                    && observation.getStatus() != Observation.ObservationStatus.CANCELLED) {
                scores.add(new MoaasScore(
                        observation.getEffectiveDateTimeType().getValue().toInstant(),
                        observation.getValueIntegerType().getValue()));
            }
        }
        return scores;
    }

    private static String idOf(Observation observation) {
        return "Observation/" + observation.getIdElement().getIdPart();
    }
}
