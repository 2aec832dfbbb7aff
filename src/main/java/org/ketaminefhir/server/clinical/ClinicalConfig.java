package org.ketaminefhir.server.clinical;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the clinic's rules share: the IG's terms, the patient's chart, the pre-dose blood pressure limits, the
 * psychiatric safety figures and the safety alerts the rules raise. Each
 * sub-package configures its own rules and operations, each reading its own settings record under
 * {@code ketamine.rules} (validated at start-up).
 */
@Configuration
@EnableConfigurationProperties({PreDoseBloodPressure.class, PsychiatricSafetySettings.class})
public class ClinicalConfig {

    @Bean
    public IgTerms igTerms(ImplementationGuidePackage guide) {
        return new IgTerms(guide);
    }

    @Bean
    public SafetyAlerts safetyAlerts(DaoRegistry daos, IgTerms terms) {
        return new SafetyAlerts(daos, terms);
    }

    @Bean
    public PatientChart patientChart(DaoRegistry daos, IgTerms terms) {
        return new PatientChart(daos, terms);
    }
}
