package org.ketaminefhir.server.security.labels;

import java.util.List;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Sensitivity labels: put on every write of sensitive data, and released only to tokens with the sensitive-data scope. */
@Configuration
public class LabelsConfig {

    @Bean
    public SensitivityLabels sensitivityLabels(ImplementationGuidePackage guide, SecurityProperties security) {
        return new SensitivityLabels(guide.canonicalBase(), security.labels(), security.releaseLabel());
    }

    /** Labels of earlier versions put back on their records, before the first request (see the class). */
    @Bean
    public LabelsCarriedForward labelsCarriedForward(
            javax.sql.DataSource dataSource, ca.uhn.fhir.jpa.api.dao.DaoRegistry daos) {
        return new LabelsCarriedForward(dataSource, daos);
    }

    @Bean
    public SensitivityLabeller sensitivityLabeller(SensitivityLabels labels) {
        return new SensitivityLabeller(labels);
    }

    /** Labels are stored on every write of sensitive data, by whoever writes it (a storage hook); released per token. */
    @Bean
    public FhirEndpointPart sensitivityLabelling(
            SensitivityLabeller labeller, SensitivityLabels labels, SecurityProperties security) {
        return new FhirEndpointPart() {
            @Override
            public List<Object> storageInterceptors() {
                return List.of(labeller);
            }

            @Override
            public List<Object> endpointInterceptors() {
                return security.enabled()
                        ? List.of(new SensitiveDataRelease(labels, security.sensitiveScope()))
                        : List.of();
            }
        };
    }
}
