package org.ketaminefhir.server.clinical.progress;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.Clock;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.plan.PlanSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Measurement-based care: {@code $ketamine-progress}. */
@Configuration
@EnableConfigurationProperties(ProgressSettings.class)
public class ProgressConfig {

    @Bean
    public ProgressOperation progressOperation(
            DaoRegistry daos, PatientChart chart, IgTerms terms, ProgressSettings progress, PlanSettings plan) {
        return new ProgressOperation(daos, new ProgressChart(chart, terms), progress, Clock.system(plan.zone()));
    }
}
