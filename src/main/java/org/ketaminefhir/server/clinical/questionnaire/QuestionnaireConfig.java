package org.ketaminefhir.server.clinical.questionnaire;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.SafetyAlerts;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Patient-reported questionnaires: a response is checked, scored and extracted at its write (its Observations, the
 * suicide-risk alerts, the C-SSRS Task, the Tasks it answers); {@code $extract} says what a response yields.
 */
@Configuration
@EnableConfigurationProperties(ScoringSettings.class)
public class QuestionnaireConfig {

    @Bean
    public QuestionnaireResponses questionnaireResponses(FhirContext fhirContext, DaoRegistry daos, IgTerms terms) {
        return new QuestionnaireResponses(fhirContext, daos, terms, new TemplateExtraction(fhirContext));
    }

    /** A storage hook: responses written alone, in a transaction, or by the demo journey alike. */
    @Bean
    public FhirEndpointPart questionnaireResponseRules(
            DaoRegistry daos,
            IgTerms terms,
            QuestionnaireResponses responses,
            PsychiatricSafetySettings settings,
            SafetyAlerts alerts,
            jakarta.persistence.EntityManagerFactory entityManagerFactory) {
        Runnable flush = () -> {
            jakarta.persistence.EntityManager entityManager =
                    org.springframework.orm.jpa.EntityManagerFactoryUtils.getTransactionalEntityManager(
                            entityManagerFactory);
            if (entityManager != null) {
                entityManager.flush();
            }
        };
        return FhirEndpointPart.storage(new QuestionnaireResponseInterceptor(
                daos, terms, responses, new SuicideRiskRules(settings.phq9Item9AlertAbove()), alerts, flush));
    }

    @Bean
    public ExtractOperation extractOperation(
            FhirContext fhirContext, DaoRegistry daos, QuestionnaireResponses responses) {
        return new ExtractOperation(fhirContext, daos, responses);
    }
}
