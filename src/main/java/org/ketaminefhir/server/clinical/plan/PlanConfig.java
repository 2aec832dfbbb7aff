package org.ketaminefhir.server.clinical.plan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.eligibility.ScreeningEvaluation;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.database.PatientLocks;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Treatment plans: {@code $ketamine-plan} builds the induction series from the clinic's protocol. */
@Configuration
@EnableConfigurationProperties(PlanSettings.class)
public class PlanConfig {

    @Bean
    public TreatmentPlanOperation treatmentPlanOperation(
            FhirContext fhirContext,
            DaoRegistry daos,
            IHapiTransactionService transactions,
            PatientLocks locks,
            PatientChart chart,
            IgTerms terms,
            ScreeningEvaluation screenings,
            PlanSettings plan,
            EligibilitySettings eligibility,
            SessionSettings session) {
        return new TreatmentPlanOperation(
                fhirContext,
                daos,
                transactions,
                locks,
                new PlanChart(chart, screenings),
                new TreatmentPlanCarePlan(terms),
                terms,
                plan,
                TreatmentPlanning.Rules.of(plan, eligibility, session));
    }
}
