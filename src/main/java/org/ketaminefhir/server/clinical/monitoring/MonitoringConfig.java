package org.ketaminefhir.server.clinical.monitoring;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.SafetyAlerts;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Session monitoring: a vital sign beyond its alert level, or an in-session MOAA/S or CADSS score beyond its level,
 * raises a safety alert (DetectedIssue); a discharge recorded as ready while the patient is sedated is refused; a
 * suicide-risk alert is reviewed only with a mitigation.
 */
@Configuration
@EnableConfigurationProperties(VitalSignLimits.class)
public class MonitoringConfig {

    @Bean
    public FhirEndpointPart vitalSignAlerts(
            DaoRegistry daos, IgTerms terms, VitalSignLimits vitals, PreDoseBloodPressure predose) {
        return FhirEndpointPart.storage(
                new VitalSignAlertInterceptor(daos, terms, new VitalSignAlerts(vitals, predose)));
    }

    /** Storage hooks: whoever writes the score, the discharge or the alert (a transaction entry, the demo journey). */
    @Bean
    public FhirEndpointPart psychiatricSafetyMonitoring(
            FhirContext fhirContext,
            IgTerms terms,
            PatientChart chart,
            SafetyAlerts alerts,
            PsychiatricSafetySettings settings,
            ImplementationGuidePackage guide) {
        return FhirEndpointPart.storage(
                new InSessionScoreAlertInterceptor(terms, new InSessionScoreAlerts(settings), alerts),
                new DischargeRuleInterceptor(fhirContext, terms, chart, new DischargeRule(settings)),
                new AlertReviewInterceptor(
                        fhirContext, alerts, new AlertReviewRule(guide.codesOf("suicide-risk-review"))));
    }
}
