package org.ketaminefhir.server.exchange;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import java.util.List;
import org.ketaminefhir.server.database.ServerSchema;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.fhir.FhirServerProperties;
import org.ketaminefhir.server.fhir.RequestPath;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Data exchange on the FHIR endpoint: a patient's whole record ({@code $everything}, HAPI's, with {@code _since} and
 * the parameters it would not apply refused) and Bulk Data export ({@code $export}, HAPI's provider and batch job).
 * Subscriptions and CDS Hooks have packages of their own.
 */
@Configuration
public class ExchangeConfig {

    @Bean
    public FhirEndpointPart exchange(
            FhirServerProperties properties,
            FhirContext fhirContext,
            JdbcTemplate jdbc,
            MatchUrlService matchUrls,
            ObjectProvider<BulkDataExportProvider> bulkExport,
            ServerSchema schema /* creates ket_everything_since */) {
        List<Object> providers = properties.getBulkExport().isEnabled()
                // $export (system, Patient, Group) and $export-poll-status: HAPI's Bulk Data provider and batch job.
                ? List.of(bulkExport.getObject())
                : List.of();
        return new FhirEndpointPart() {
            @Override
            public List<Object> endpointInterceptors() {
                return List.of(
                        // $everything parameters HAPI would not apply: 400 rather than the whole record; _since applied
                        // here.
                        new EverythingParameters(),
                        new EverythingSince(jdbc),
                        // A Bulk Data export's _typeFilter is checked at kick-off (400), not when the export runs.
                        new ExportTypeFilters(fhirContext, matchUrls));
            }

            @Override
            public List<Object> providers() {
                return providers;
            }
        };
    }

    /** The Retry-After of a running export's status (see {@link ExportStatusRetryAfter}). */
    @Bean
    public FilterRegistrationBean<ExportStatusRetryAfter> exportStatusRetryAfter(FhirServerProperties properties) {
        FilterRegistrationBean<ExportStatusRetryAfter> registration = new FilterRegistrationBean<>(
                new ExportStatusRetryAfter(properties.getBulkExport().getRetryAfterSeconds()));
        registration.addUrlPatterns(FhirEndpoint.PATH + "/$export-poll-status");
        registration.setName("exportStatusRetryAfter");
        registration.setOrder(RequestPath.FILTER_EXPORT_RETRY_AFTER);
        return registration;
    }
}
