package org.ketaminefhir.server.security.smart;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * Says in the CapabilityStatement that the server is protected with SMART on FHIR: the security service
 * {@code SMART-on-FHIR} and the {@code oauth-uris} extension with the authorize and token URLs. Not the revoke and
 * introspect URLs: the extension's definition in HAPI's validator (SMART App Launch 1.0) has no such sub-extensions, so a
 * client validating the statement against it would reject it; clients find them, and every other SMART capability, in
 * {@code .well-known/smart-configuration} (which SMART App Launch 2 makes the place to look).
 */
@Interceptor(order = RequestPath.SMART_CAPABILITY)
public class SmartCapabilityStatement {

    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
    static final String SECURITY_SERVICE = "http://terminology.hl7.org/CodeSystem/restful-security-service";

    private final SmartDiscovery discovery;

    public SmartCapabilityStatement(SmartDiscovery discovery) {
        this.discovery = discovery;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void addSecurity(IBaseConformance statement, RequestDetails request) {
        if (!(statement instanceof CapabilityStatement capabilities)
                || !(request instanceof ServletRequestDetails servlet)) {
            return;
        }
        SmartEndpoints endpoints = discovery.forRequest(servlet.getServletRequest());
        for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilities.getRest()) {
            CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
            security.setCors(true);
            security.getService().clear();
            security.addService(new CodeableConcept(new Coding(SECURITY_SERVICE, "SMART-on-FHIR", "SMART-on-FHIR"))
                    .setText("OAuth2 using SMART-on-FHIR profile (see https://hl7.org/fhir/smart-app-launch/)"));
            security.setDescription("Every request except the CapabilityStatement and .well-known/smart-configuration "
                    + "needs an access token (Authorization: Bearer) with SMART scopes; see "
                    + "/.well-known/smart-configuration");
            security.getExtension().removeIf(e -> OAUTH_URIS.equals(e.getUrl()));
            Extension uris = security.addExtension().setUrl(OAUTH_URIS);
            add(uris, "authorize", endpoints.authorizationEndpoint());
            add(uris, "token", endpoints.tokenEndpoint());
        }
    }

    private static void add(Extension uris, String name, String url) {
        if (url != null && !url.isBlank()) {
            uris.addExtension(name, new UriType(url));
        }
    }
}
