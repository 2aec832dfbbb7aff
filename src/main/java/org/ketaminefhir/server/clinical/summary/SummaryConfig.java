package org.ketaminefhir.server.clinical.summary;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.ips.generator.IpsGeneratorSvcImpl;
import org.ketaminefhir.server.clinical.IgTerms;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The International Patient Summary for the referring doctor: {@code Patient/[id]/$summary}. */
@Configuration
@EnableConfigurationProperties(SummarySettings.class)
public class SummaryConfig {

    @Bean
    public SummaryOperation summaryOperation(
            FhirContext fhirContext, DaoRegistry daos, IgTerms terms, SummarySettings settings) {
        KetamineIpsStrategy strategy = new KetamineIpsStrategy(terms, settings.author());
        strategy.setDaoRegistry(daos);
        strategy.setFhirContext(fhirContext);
        return new SummaryOperation(new IpsGeneratorSvcImpl(fhirContext, strategy));
    }
}
