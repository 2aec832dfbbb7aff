package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.monitoring.VitalSignLimits;
import org.ketaminefhir.server.ig.KetamineProducts;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spravato REMS monitoring form of an esketamine session: {@code $rems-summary} and {@code Questionnaire/$populate}. */
@Configuration
@EnableConfigurationProperties(RemsSettings.class)
public class RemsConfig {

    /** The one reading of an esketamine session's chart into the REMS form, for $rems-summary and $populate. */
    @Bean
    public RemsChart remsChart(
            PatientChart chart,
            IgTerms terms,
            KetamineProducts products,
            RemsSettings rems,
            PsychiatricSafetySettings psychiatric,
            VitalSignLimits vitals) {
        return new RemsChart(chart, terms, rems, psychiatric, vitals, products);
    }

    @Bean
    public RemsSummaryOperation remsSummaryOperation(
            FhirContext fhirContext, DaoRegistry daos, RemsChart remsChart, KetamineProducts products) {
        return new RemsSummaryOperation(fhirContext, daos, remsChart, products);
    }

    /** SDC Questionnaire/$populate: the REMS form pre-filled from the same reading. */
    @Bean
    public PopulateOperation populateOperation(
            FhirContext fhirContext, DaoRegistry daos, RemsChart remsChart, KetamineProducts products) {
        return new PopulateOperation(fhirContext, daos, remsChart, products, Clock.systemUTC());
    }
}
