package org.ketaminefhir.server.clinical.progress;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Measurement-based care: {@code $ketamine-progress}. */
@Configuration
@EnableConfigurationProperties(ProgressSettings.class)
public class ProgressConfig {

    @Bean
    public ProgressOperation progressOperation(
            DaoRegistry daos, PatientChart chart, IgTerms terms, ProgressSettings progress) {
        return new ProgressOperation(daos, new ProgressChart(chart, terms), progress);
    }
}
