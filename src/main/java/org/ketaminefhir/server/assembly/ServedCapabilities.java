package org.ketaminefhir.server.assembly;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.provider.BaseJpaResourceProvider;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.FhirAddress;
import org.ketaminefhir.server.security.access.OperationAccess;

/**
 * Makes the CapabilityStatement HAPI generates say what this server serves, and no more:
 * <ul>
 *   <li>who it is: the server's name, publisher and version from the build (Maven's project name, organization and
 *       version, through Spring Boot's build-info), the build's time as the statement's date and the software's
 *       release date, and the public FHIR base as {@code implementation.url};</li>
 *   <li>only the operations some token may call ({@link OperationAccess#served}): HAPI's JPA providers offer
 *       {@code $meta}, {@code $expunge}, {@code $reindex} and more, which the access rules refuse to everyone;</li>
 *   <li>Bulk Data export by the canonical OperationDefinitions of Bulk Data Access 2.0.0 ({@code export} on the server,
 *       {@code patient-export} on Patient, {@code group-export} on Group), as the IG's CapabilityStatement lists them,
 *       and {@code instantiates} that CapabilityStatement; HAPI names its own generated definitions instead;</li>
 *   <li>only the search parameters the server answers: the full-text ones ({@code _content}, {@code _text}) need a
 *       full-text index the server does not have, HAPI refuses {@code _filter} (off) and {@code _language} (not
 *       indexed in R4), and cannot search a composite with a number or reference component; a type our own provider
 *       serves (AuditEvent) has the parameters its search method takes;</li>
 *   <li>only MIME types as formats (HAPI's page formats {@code html/json}, ... are left out);</li>
 *   <li>where the CDS Hooks services are discovered ({@code /cds-services}), in {@code rest.documentation}: R4 has no
 *       element for a service that is not FHIR REST.</li>
 * </ul>
 * {@code CapabilityStatementWalkIT} calls everything the statement declares.
 */
@Interceptor(order = RequestPath.SERVED_CAPABILITIES)
public class ServedCapabilities {

    /** Bulk Data Access 2.0.0: its CapabilityStatement, and the definition of each export operation by resource type. */
    static final String BULK_DATA_CAPABILITIES = "http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data|2.0.0";

    static final String BULK_DATA_GUIDE = "http://hl7.org/fhir/uv/bulkdata/ImplementationGuide/hl7.fhir.uv.bulkdata";

    static final String SYSTEM_EXPORT = "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export";

    static final Map<String, String> EXPORT_BY_TYPE = Map.of(
            "Patient", "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export",
            "Group", "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export");

    /** Search parameters HAPI declares on every type that this server refuses (see the class comment). */
    static final Set<String> NOT_ANSWERED = Set.of("_content", "_text", "_filter", "_language");

    /** Who the server is, from the build. */
    public record Identity(String name, String publisher, String version, Instant built) {

        /** The computable name (CapabilityStatement.name, R4 invariant cpb-0): the name without spaces or punctuation. */
        String computableName() {
            return name.replaceAll("[^A-Za-z0-9]", "");
        }
    }

    private final Identity identity;
    private final FhirAddress address;
    private final String cdsHooksPath;
    private final FhirContext fhirContext;
    private final Map<String, String> generatedExportDefinitions = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param cdsHooksPath the CDS Hooks discovery path under the server's base ({@code /cds-services}), or null when
     *     CDS Hooks is off
     */
    public ServedCapabilities(FhirContext fhirContext, Identity identity, FhirAddress address, String cdsHooksPath) {
        this.fhirContext = fhirContext;
        this.identity = identity;
        this.address = address;
        this.cdsHooksPath = cdsHooksPath;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void declare(IBaseConformance statement, RequestDetails request) {
        if (!(statement instanceof CapabilityStatement capabilities)) {
            return;
        }
        identify(capabilities, request);
        // HAPI's ResponseHighlighterInterceptor adds html/json, html/xml, ...: not MIME types (R4 binds format to
        // BCP 13, required), and only a browser's page, not a format a client asks for.
        capabilities.getFormat().removeIf(format -> format.getValue().startsWith("html/"));
        boolean exports = false;
        Map<String, Set<String>> ownSearches =
                request.getServer() instanceof RestfulServer server ? ownSearchParameters(server) : Map.of();
        for (CapabilityStatementRestComponent rest : capabilities.getRest()) {
            rest.getOperation().removeIf(o -> !OperationAccess.served("$" + o.getName(), null));
            rest.getSearchParam().removeIf(p -> NOT_ANSWERED.contains(p.getName()));
            exports |= canonicalExport(rest.getOperation(), SYSTEM_EXPORT);
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                resource.getOperation().removeIf(o -> !OperationAccess.served("$" + o.getName(), resource.getType()));
                Set<String> own = ownSearches.get(resource.getType());
                resource.getSearchParam()
                        .removeIf(p -> NOT_ANSWERED.contains(p.getName())
                                || unsupportedComposite(resource.getType(), p.getName())
                                || (own != null && !own.contains(p.getName())));
                String export = EXPORT_BY_TYPE.get(resource.getType());
                if (export != null) {
                    exports |= canonicalExport(resource.getOperation(), export);
                }
            }
            if (cdsHooksPath != null && request instanceof ServletRequestDetails servlet) {
                rest.setDocumentation("FHIR R4 REST API of the " + identity.name() + ". CDS Hooks 2.0 services are "
                        + "discovered at " + address.serverBase(servlet.getServletRequest()) + cdsHooksPath
                        + "; SMART on FHIR discovery is at .well-known/smart-configuration under this base.");
            }
        }
        if (exports) {
            // HAPI's export provider adds the unversioned canonical: one, versioned, is enough.
            capabilities.getInstantiates().removeIf(c -> BULK_DATA_CAPABILITIES.startsWith(c.getValue() + "|"));
            addCanonical(capabilities.getInstantiates(), BULK_DATA_CAPABILITIES, capabilities::addInstantiates);
            addCanonical(capabilities.getImplementationGuide(), BULK_DATA_GUIDE, capabilities::addImplementationGuide);
        }
    }

    private void identify(CapabilityStatement capabilities, RequestDetails request) {
        capabilities.setName(identity.computableName());
        capabilities.setTitle(identity.name());
        capabilities.setPublisher(identity.publisher());
        capabilities.getSoftware().setName(identity.name()).setVersion(identity.version());
        if (identity.built() != null) {
            Date built = Date.from(identity.built());
            capabilities.setDateElement(new DateTimeType(built));
            capabilities.getSoftware().setReleaseDateElement(new DateTimeType(built));
        }
        capabilities.getImplementation().setDescription(identity.name());
        if (request instanceof ServletRequestDetails servlet) {
            capabilities.getImplementation().setUrl(address.fhirBase(servlet.getServletRequest()));
        }
    }

    /**
     * The search parameters of the types a provider of ours serves instead of HAPI's JPA provider (the audit trail's
     * AuditEvent): HAPI's statement lists every parameter of its registry for every type, but such a provider answers
     * only the parameters its search method takes.
     */
    private Map<String, Set<String>> ownSearchParameters(RestfulServer server) {
        Map<String, Set<String>> own = new java.util.HashMap<>();
        for (IResourceProvider provider : server.getResourceProviders()) {
            if (provider instanceof BaseJpaResourceProvider<?>) {
                continue;
            }
            Set<String> names = new java.util.HashSet<>();
            for (java.lang.reflect.Method method : provider.getClass().getMethods()) {
                if (method.isAnnotationPresent(Search.class)) {
                    for (java.lang.annotation.Annotation[] annotations : method.getParameterAnnotations()) {
                        for (java.lang.annotation.Annotation annotation : annotations) {
                            if (annotation instanceof OptionalParam optional) {
                                names.add(optional.name());
                            } else if (annotation instanceof RequiredParam required) {
                                names.add(required.name());
                            }
                        }
                    }
                }
            }
            own.put(fhirContext.getResourceType(provider.getResourceType()), names);
        }
        return own;
    }

    /**
     * A composite parameter HAPI cannot search by: one with a number or reference component (HAPI answers "Don't know
     * how to handle composite parameter with type of NUMBER", a 400, to every search with it).
     */
    private boolean unsupportedComposite(String type, String name) {
        if (!fhirContext.getResourceTypes().contains(type)) {
            return false;
        }
        RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(type);
        RuntimeSearchParam parameter = definition.getSearchParam(name);
        if (parameter == null || parameter.getParamType() != RestSearchParameterTypeEnum.COMPOSITE) {
            return false;
        }
        return parameter.getComponents().stream()
                .map(component -> definition.getSearchParams().stream()
                        .filter(p -> component.getReference().equals(p.getUri()))
                        .findFirst()
                        .map(RuntimeSearchParam::getParamType)
                        .orElse(null))
                .anyMatch(t -> t == null
                        || t == RestSearchParameterTypeEnum.NUMBER
                        || t == RestSearchParameterTypeEnum.REFERENCE);
    }

    /**
     * The id of HAPI's own definition of an export operation whose declaration now names the canonical one (by that
     * canonical URL), or null: HAPI's OpenAPI description reads each declared definition from the server.
     */
    String generatedDefinitionId(String canonical) {
        return generatedExportDefinitions.get(canonical);
    }

    /** Points the operation {@code export} of this list at its canonical definition; true if there is one. */
    private boolean canonicalExport(List<CapabilityStatementRestResourceOperationComponent> operations, String url) {
        boolean found = false;
        for (CapabilityStatementRestResourceOperationComponent operation : operations) {
            if ("export".equals(operation.getName())) {
                if (operation.hasDefinition() && !url.equals(operation.getDefinition())) {
                    generatedExportDefinitions.put(
                            url, new org.hl7.fhir.r4.model.IdType(operation.getDefinition()).getIdPart());
                }
                operation.setDefinition(url);
                found = true;
            }
        }
        return found;
    }

    private static void addCanonical(List<CanonicalType> present, String url, java.util.function.Consumer<String> add) {
        if (present.stream().noneMatch(c -> url.equals(c.getValue()))) {
            add.accept(url);
        }
    }
}
