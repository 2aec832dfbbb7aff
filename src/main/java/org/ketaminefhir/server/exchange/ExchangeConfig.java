package org.ketaminefhir.server.exchange;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import java.util.List;
import org.ketaminefhir.server.database.ServerSchema;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.fhir.FhirServerProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
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
            DaoRegistry daos,
            ObjectProvider<BulkDataExport> bulkExport,
            ServerSchema schema /* creates ket_everything_since */) {
        List<Object> providers = properties.getBulkExport().isEnabled()
                // $export (system, Patient, Group): HAPI's Bulk Data provider and batch job; $export-poll-status ours.
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
                        // A Bulk Data export's parameters are checked at kick-off (400, or ignored when lenient),
                        // not when the export runs.
                        new ExportKickOff(fhirContext, matchUrls, daos));
            }

            @Override
            public List<Object> storageInterceptors() {
                // _elements, applied while the export job writes its files.
                return List.of(new ExportElements(fhirContext));
            }

            @Override
            public List<Object> providers() {
                return providers;
            }
        };
    }

    /**
     * HAPI's Bulk Data provider, its status request answered by {@link BulkDataExport}. Lazy, as HAPI's own provider
     * bean is: it is made only when exports are on.
     */
    @Bean
    @Lazy
    public BulkDataExport bulkDataExport(
            IJobCoordinator jobs, DaoRegistry daos, FhirContext fhirContext, FhirServerProperties properties) {
        return new BulkDataExport(
                jobs,
                daos,
                fhirContext,
                properties.getBulkExport().getRetryAfterSeconds(),
                properties.getBulkExport().getFileRetentionHours());
    }
}
