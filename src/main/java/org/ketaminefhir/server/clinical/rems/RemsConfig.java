package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.monitoring.VitalSignLimits;
import org.ketaminefhir.server.ig.KetamineProducts;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spravato REMS monitoring summary of an esketamine session: {@code $rems-summary}. */
@Configuration
@EnableConfigurationProperties(RemsSettings.class)
public class RemsConfig {

    @Bean
    public RemsSummaryOperation remsSummaryOperation(
            FhirContext fhirContext,
            DaoRegistry daos,
            PatientChart chart,
            IgTerms terms,
            KetamineProducts products,
            RemsSettings rems,
            PsychiatricSafetySettings psychiatric,
            VitalSignLimits vitals) {
        return new RemsSummaryOperation(
                fhirContext, daos, new RemsChart(chart, terms, rems, psychiatric, vitals), products);
    }
}
