package org.ketaminefhir.server.clinical.eligibility;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.database.PatientLocks;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Eligibility: the screening's outcome decided by the server, on every write and by {@code $ketamine-eligibility}. */
@Configuration
@EnableConfigurationProperties(EligibilitySettings.class)
public class EligibilityConfig {

    @Bean
    public ScreeningEvaluation screeningEvaluation(
            PatientChart chart, IgTerms terms, EligibilitySettings eligibility, PreDoseBloodPressure predose) {
        return new ScreeningEvaluation(chart, terms, new EligibilityRules(eligibility, predose));
    }

    /** Every screening written gets the server's outcome (a storage hook: whoever writes it). */
    @Bean
    public FhirEndpointPart screeningOutcomeRule(FhirContext fhirContext, ScreeningEvaluation evaluation) {
        return FhirEndpointPart.storage(new ScreeningOutcomeRule(fhirContext, evaluation));
    }

    @Bean
    public EligibilityOperation eligibilityOperation(
            FhirContext fhirContext,
            DaoRegistry daos,
            IHapiTransactionService transactions,
            PatientLocks locks,
            PatientChart chart,
            ScreeningEvaluation evaluation) {
        return new EligibilityOperation(fhirContext, daos, transactions, locks, chart, evaluation);
    }
}
