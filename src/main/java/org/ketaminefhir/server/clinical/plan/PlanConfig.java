package org.ketaminefhir.server.clinical.plan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import java.time.Clock;
import java.util.List;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.eligibility.ScreeningEvaluation;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.database.PatientLocks;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Treatment plans: {@code $ketamine-plan} builds the induction series from the clinic's protocol; every plan stored
 * keeps its questionnaire Tasks; {@code $ketamine-due-questionnaires} says which are due.
 */
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
            SessionSettings session,
            PsychiatricSafetySettings psychiatric) {
        return new TreatmentPlanOperation(
                fhirContext,
                daos,
                transactions,
                locks,
                new PlanChart(chart, screenings),
                new TreatmentPlanCarePlan(terms, psychiatric.measurementQuestionnaires()),
                terms,
                plan,
                TreatmentPlanning.Rules.of(plan, eligibility, session));
    }

    /** A storage hook: plans written by $ketamine-plan, by a client or by the demo journey alike. */
    @Bean
    public FhirEndpointPart questionnaireTasks(
            DaoRegistry daos, IgTerms terms, PsychiatricSafetySettings psychiatric, ImplementationGuidePackage guide) {
        boolean taskProfile = guide.profileUrlsByType()
                .getOrDefault("Task", List.of())
                .contains(terms.profile("ketamine-questionnaire-task"));
        return FhirEndpointPart.storage(new QuestionnaireTaskInterceptor(daos, terms, psychiatric, taskProfile));
    }

    @Bean
    public DueQuestionnairesOperation dueQuestionnairesOperation(
            DaoRegistry daos, PatientChart chart, PlanSettings plan) {
        return new DueQuestionnairesOperation(daos, chart, Clock.system(plan.zone()));
    }
}
