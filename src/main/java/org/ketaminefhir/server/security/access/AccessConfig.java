package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import java.util.List;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.security.SecurityProperties;
import org.ketaminefhir.server.security.labels.SensitivityLabels;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Who may read and write what: HAPI's authorization rules from the token's scopes, and what they do not cover. */
@Configuration
public class AccessConfig {

    @Bean
    public FhirEndpointPart access(
            SecurityProperties security,
            FhirContext fhirContext,
            JdbcTemplate jdbc,
            SensitivityLabels labels,
            SearchParamMatcher searchParamMatcher,
            IJobCoordinator jobs,
            ImplementationGuidePackage guide) {
        // A Bulk Data export leaves out labelled resources unless its token had the sensitive-data scope (a storage
        // hook:
        // the export runs as a batch job).
        BulkExportRelease release = new BulkExportRelease(labels);
        List<Object> onEndpoint = security.enabled()
                ? List.of(
                        new AccessGate(
                                fhirContext,
                                new SearchPages(jdbc),
                                labels,
                                security.sensitiveScope(),
                                guide.profileUrl("ketamine-questionnaire-finding")),
                        new BulkExportGate(jobs),
                        new EverythingNarrowing(),
                        new PatientCompartmentNarrowing(),
                        new SmartAuthorizationInterceptor(
                                new SmartRules(new ResourceKinds(fhirContext)),
                                new AuthorizationSearchParamMatcher(searchParamMatcher)))
                : List.of();
        return new FhirEndpointPart() {
            @Override
            public List<Object> storageInterceptors() {
                return List.of(release);
            }

            @Override
            public List<Object> endpointInterceptors() {
                return onEndpoint;
            }
        };
    }
}
