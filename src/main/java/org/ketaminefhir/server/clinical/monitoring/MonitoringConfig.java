package org.ketaminefhir.server.clinical.monitoring;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Session monitoring: a vital sign beyond its alert level raises a safety alert (DetectedIssue). */
@Configuration
@EnableConfigurationProperties(VitalSignLimits.class)
public class MonitoringConfig {

    @Bean
    public FhirEndpointPart vitalSignAlerts(
            DaoRegistry daos, IgTerms terms, VitalSignLimits vitals, PreDoseBloodPressure predose) {
        return FhirEndpointPart.storage(
                new VitalSignAlertInterceptor(daos, terms, new VitalSignAlerts(vitals, predose)));
    }
}
