package org.ketaminefhir.server.fhir;

import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.narrative2.NullNarrativeGenerator;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.ketaminefhir.server.database.ServerSchema;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.ig.SupportedProfilesInterceptor;
import org.ketaminefhir.server.limits.RequestLimits;
import org.ketaminefhir.server.limits.RequestTimeLimit;
import org.ketaminefhir.server.observability.CachedOpenApi;
import org.ketaminefhir.server.observability.FhirRequestMetrics;
import org.ketaminefhir.server.observability.RequestIdInOutcomes;
import org.ketaminefhir.server.security.FhirEndpointSecurity;
import org.ketaminefhir.server.validation.ProfileEnforcementInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.ketaminefhir.server.subscriptions.SubscriptionHeaderMasking;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The FHIR REST endpoint: HAPI's {@link RestfulServer} with the JPA resource providers, mounted at /fhir. */
@Configuration
public class RestfulServerConfig {

	public static final String FHIR_PATH = "/fhir";
	public static final String SOFTWARE_NAME = "Ketamine Therapy FHIR Server";

	@Bean
	public RestfulServer restfulServer(
			FhirServerProperties properties,
			IFhirSystemDao<?, ?> systemDao,
			ResourceProviderFactory resourceProviders,
			IJpaSystemProvider systemProvider,
			JpaStorageSettings storageSettings,
			ISearchParamRegistry searchParamRegistry,
			IValidationSupport validationSupport,
			DatabaseBackedPagingProvider pagingProvider,
			ObjectProvider<BuildProperties> buildProperties,
			ImplementationGuidePackage implementationGuide,
			List<OperationProvider> operations,
			FhirEndpointSecurity security,
			ObjectProvider<ProfileEnforcementInterceptor> profileEnforcement,
			RequestLimits limits,
			FhirRequestMetrics metrics,
			ObjectProvider<BulkDataExportProvider> bulkExport,
			JdbcTemplate jdbc,
			MatchUrlService matchUrls,
			ServerSchema schema /* creates ket_everything_since */,
			ObjectProvider<SubscriptionHeaderMasking> subscriptionHeaders) {
		RestfulServer server = new RestfulServer(systemDao.getContext());
		systemDao.getContext().setNarrativeGenerator(new NullNarrativeGenerator());

		server.setServerName(SOFTWARE_NAME);
		server.setServerVersion(softwareVersion(buildProperties.getIfAvailable()));
		List<Object> providers = new ArrayList<>(resourceProviders.createProviders());
		if (security.auditEvents() != null) {
			// The audit trail is served from its own append-only table, not from HAPI's JPA storage.
			providers.removeIf(p -> p instanceof IResourceProvider r && r.getResourceType() == AuditEvent.class);
			providers.add(security.auditEvents());
		}
		server.registerProviders(providers);
		server.registerProvider(systemProvider);
		operations.forEach(server::registerProvider);
		if (properties.getBulkExport().isEnabled()) {
			// $export (system, Patient, Group) and $export-poll-status: HAPI's Bulk Data provider and batch job.
			server.registerProvider(bulkExport.getObject());
		}

		JpaCapabilityStatementProvider capabilityStatement = new JpaCapabilityStatementProvider(
				server, systemDao, storageSettings, searchParamRegistry, validationSupport);
		capabilityStatement.setImplementationDescription(SOFTWARE_NAME);
		server.setServerConformanceProvider(capabilityStatement);

		server.setPagingProvider(pagingProvider);
		server.setDefaultResponseEncoding(properties.getDefaultEncoding());
		server.setDefaultPrettyPrint(properties.isDefaultPrettyPrint());
		server.setServerAddressStrategy(
				properties.getServerAddress().isBlank()
						? new IncomingRequestAddressStrategy()
						: new HardcodedServerAddressStrategy(properties.getServerAddress()));

		server.registerInterceptor(new SupportedProfilesInterceptor(implementationGuide));
		// Races between writes: retried, or answered 412 / 409 in plain words.
		server.registerInterceptor(new WriteConflicts());
		// $everything parameters HAPI would not apply: 400 rather than the whole record; _since applied here.
		server.registerInterceptor(new EverythingParameters());
		server.registerInterceptor(new EverythingSince(jdbc));
		// A Bulk Data export's _typeFilter is checked at kick-off (400), not when the export runs (a failed export).
		server.registerInterceptor(new ExportTypeFilters(systemDao.getContext(), matchUrls));
		// A transaction cut off by the request time limit answers 408.
		server.registerInterceptor(new RequestTimeLimit(limits.requestTimeLimit()));
		// Request metrics, and the request id in every OperationOutcome.
		server.registerInterceptor(metrics);
		server.registerInterceptor(new RequestIdInOutcomes());
		// The OpenAPI description at /fhir/api-docs and a page to browse and try the API at /fhir/swagger-ui/.
		server.registerInterceptor(new CachedOpenApi());
		// Renders responses as HTML when a person opens the endpoint in a browser.
		server.registerInterceptor(new ResponseHighlighterInterceptor());
		// A Subscription's channel headers are shown masked in every response.
		subscriptionHeaders.ifAvailable(server::registerInterceptor);
		// Audit notes, access gate, sensitive-data release, search narrowing, authorization (CORS: see SecurityConfig).
		security.interceptors().forEach(server::registerInterceptor);
		// Profile enforcement validates a request's resources before its database transaction (after authorization).
		profileEnforcement.ifAvailable(enforcement -> server.registerInterceptor(enforcement.serverHooks()));
		return server;
	}

	static String softwareVersion(BuildProperties buildProperties) {
		return buildProperties == null ? "development" : buildProperties.getVersion();
	}

	/** The Retry-After of a running export's status (see {@link ExportStatusRetryAfter}). */
	@Bean
	public FilterRegistrationBean<ExportStatusRetryAfter> exportStatusRetryAfter(FhirServerProperties properties) {
		FilterRegistrationBean<ExportStatusRetryAfter> registration = new FilterRegistrationBean<>(
				new ExportStatusRetryAfter(properties.getBulkExport().getRetryAfterSeconds()));
		registration.addUrlPatterns(FHIR_PATH + "/$export-poll-status");
		registration.setName("exportStatusRetryAfter");
		return registration;
	}

	@Bean
	public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer restfulServer) {
		ServletRegistrationBean<RestfulServer> registration =
				new ServletRegistrationBean<>(restfulServer, FHIR_PATH + "/*");
		registration.setName("fhir");
		registration.setLoadOnStartup(1);
		return registration;
	}
}
