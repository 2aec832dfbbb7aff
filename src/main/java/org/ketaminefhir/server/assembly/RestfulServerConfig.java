package org.ketaminefhir.server.assembly;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.IJpaSystemProvider;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
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
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ketaminefhir.server.cds.CdsHooksWiring;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.fhir.FhirServerProperties;
import org.ketaminefhir.server.fhir.WriteConflicts;
import org.ketaminefhir.server.security.FhirAddress;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The FHIR REST endpoint: HAPI's {@link RestfulServer} with the JPA resource providers, mounted at /fhir, and every
 * capability's {@link FhirEndpointPart}: its interceptors and providers (the order of their hooks:
 * {@link org.ketaminefhir.server.fhir.RequestPath}).
 */
@Configuration
public class RestfulServerConfig {

    /** The CapabilityStatement of a server: HAPI's, from its storage and search parameters. */
    public interface CapabilityStatements extends Function<RestfulServer, JpaCapabilityStatementProvider> {}

    @Bean
    public CapabilityStatements capabilityStatements(
            IFhirSystemDao<?, ?> systemDao,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DaoRegistry daos,
            ServedCapabilities served) {
        return server -> {
            JpaCapabilityStatementProvider capabilityStatement = new ServerCapabilityStatements(
                    server, systemDao, storageSettings, searchParamRegistry, validationSupport, daos, served);
            capabilityStatement.setImplementationDescription(FhirEndpoint.SOFTWARE_NAME);
            // HAPI's resourceCount extension has no definition a validator finds, and would tell an anonymous
            // caller of the public /metadata how many records of each type the clinic holds.
            capabilityStatement.setIncludeResourceCounts(false);
            return capabilityStatement;
        };
    }

    @Bean
    public RestfulServer restfulServer(
            FhirServerProperties properties,
            IFhirSystemDao<?, ?> systemDao,
            ResourceProviderFactory hapiProviders,
            IJpaSystemProvider systemProvider,
            DatabaseBackedPagingProvider pagingProvider,
            CapabilityStatements capabilityStatements,
            ObjectProvider<BuildProperties> buildProperties,
            ServedCapabilities servedCapabilities,
            List<FhirEndpointPart> parts) {
        RestfulServer server = new RestfulServer(systemDao.getContext());
        systemDao.getContext().setNarrativeGenerator(new NullNarrativeGenerator());

        server.setServerName(FhirEndpoint.SOFTWARE_NAME);
        server.setServerVersion(softwareVersion(buildProperties.getIfAvailable()));
        // A part's provider for a resource type (the audit trail's AuditEvent) replaces HAPI's JPA provider for it.
        List<Object> partProviders =
                parts.stream().flatMap(part -> part.providers().stream()).toList();
        Set<Class<?>> replaced = partProviders.stream()
                .filter(IResourceProvider.class::isInstance)
                .map(provider -> ((IResourceProvider) provider).getResourceType())
                .collect(Collectors.toSet());
        List<Object> providers = new ArrayList<>(hapiProviders.createProviders());
        providers.removeIf(
                provider -> provider instanceof IResourceProvider r && replaced.contains(r.getResourceType()));
        providers.addAll(partProviders.stream()
                .filter(IResourceProvider.class::isInstance)
                .toList());
        server.registerProviders(providers);
        server.registerProvider(systemProvider);
        partProviders.stream()
                .filter(provider -> !(provider instanceof IResourceProvider))
                .forEach(server::registerProvider);

        server.setServerConformanceProvider(capabilityStatements.apply(server));
        server.setPagingProvider(pagingProvider);
        server.setDefaultResponseEncoding(properties.getDefaultEncoding());
        server.setDefaultPrettyPrint(properties.isDefaultPrettyPrint());
        server.setServerAddressStrategy(
                properties.getServerAddress().isBlank()
                        ? new IncomingRequestAddressStrategy()
                        : new HardcodedServerAddressStrategy(properties.getServerAddress()));

        parts.forEach(part -> part.endpointInterceptors().forEach(server::registerInterceptor));
        // The CapabilityStatement says what the server serves (after the parts have added theirs: profiles, SMART).
        server.registerInterceptor(servedCapabilities);
        // Races between writes: retried, or answered 412 / 409 in plain words.
        server.registerInterceptor(new WriteConflicts());
        // Renders responses as HTML when a person opens the endpoint in a browser.
        server.registerInterceptor(new ResponseHighlighterInterceptor());
        return server;
    }

    /** Every part's storage interceptors, registered with HAPI's storage as the server starts, before anything is written. */
    @Bean
    public StorageInterceptors storageInterceptors(IInterceptorService interceptors, List<FhirEndpointPart> parts) {
        return new StorageInterceptors(interceptors, parts);
    }

    /** What the CapabilityStatement declares beyond HAPI's own (see {@link ServedCapabilities}). */
    @Bean
    public ServedCapabilities servedCapabilities(
            ObjectProvider<BuildProperties> buildProperties,
            FhirAddress address,
            FhirContext fhirContext,
            ObjectProvider<CdsHooksWiring> cdsHooks) {
        return new ServedCapabilities(
                fhirContext,
                identity(buildProperties.getIfAvailable()),
                address,
                cdsHooks.getIfAvailable() == null ? null : CdsHooksWiring.PATH);
    }

    /**
     * Who the server is: Maven's project name, organization and version as the build recorded them (build-info); a
     * server run from classes the build did not package calls itself by {@link FhirEndpoint#SOFTWARE_NAME}, version
     * "development".
     */
    static ServedCapabilities.Identity identity(BuildProperties build) {
        if (build == null) {
            return new ServedCapabilities.Identity(
                    FhirEndpoint.SOFTWARE_NAME, FhirEndpoint.PUBLISHER, softwareVersion(null), null);
        }
        String publisher = build.get("publisher");
        return new ServedCapabilities.Identity(
                build.getName() == null ? FhirEndpoint.SOFTWARE_NAME : build.getName(),
                publisher == null || publisher.isBlank() ? FhirEndpoint.PUBLISHER : publisher,
                softwareVersion(build),
                build.getTime());
    }

    static String softwareVersion(BuildProperties buildProperties) {
        return buildProperties == null ? "development" : buildProperties.getVersion();
    }

    @Bean
    public ServletRegistrationBean<RestfulServer> fhirServlet(RestfulServer restfulServer) {
        ServletRegistrationBean<RestfulServer> registration =
                new ServletRegistrationBean<>(restfulServer, FhirEndpoint.PATH + "/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
