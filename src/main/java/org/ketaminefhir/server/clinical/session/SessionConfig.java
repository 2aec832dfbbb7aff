package org.ketaminefhir.server.clinical.session;

import ca.uhn.fhir.context.FhirContext;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.eligibility.ScreeningEvaluation;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.ig.KetamineProducts;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The session rules: run on every session written, and by the CDS Hooks order check on draft orders. */
@Configuration
@EnableConfigurationProperties({SessionSettings.class, DosingWeightSettings.class})
public class SessionConfig {

    @Bean
    public SessionRules sessionRules(
            SessionSettings session,
            EligibilitySettings eligibility,
            DosingWeightSettings dosingWeight,
            PsychiatricSafetySettings psychiatric) {
        return new SessionRules(session, eligibility, dosingWeight, psychiatric);
    }

    /** Every session written is checked (a storage hook: whoever writes it). */
    @Bean
    public FhirEndpointPart sessionRulesOnWrite(
            FhirContext fhirContext,
            PatientChart chart,
            IgTerms terms,
            ScreeningEvaluation screenings,
            KetamineProducts products,
            SessionRules rules) {
        return FhirEndpointPart.storage(new SessionRulesInterceptor(
                fhirContext, terms, new SessionChart(chart, terms, screenings, products), rules));
    }
}
