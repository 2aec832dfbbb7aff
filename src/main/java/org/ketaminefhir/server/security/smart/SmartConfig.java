package org.ketaminefhir.server.security.smart;

import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.security.EmbeddedIssuer;
import org.ketaminefhir.server.security.FhirAddress;
import org.ketaminefhir.server.security.SecurityProperties;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** SMART discovery: {@code .well-known/smart-configuration} and the security service in the CapabilityStatement. */
@Configuration
public class SmartConfig {

    @Bean
    public SmartDiscovery smartDiscovery(
            Environment environment,
            SecurityProperties security,
            OAuth2ResourceServerProperties resourceServer,
            FhirAddress address) {
        if (EmbeddedIssuer.isExternal(environment)) {
            return SmartDiscovery.external(resourceServer.getJwt().getIssuerUri(), security.discovery());
        }
        return SmartDiscovery.embedded(address::issuer, security.sensitiveScope());
    }

    @Bean
    public ServletRegistrationBean<SmartConfigurationServlet> smartConfigurationServlet(SmartDiscovery discovery) {
        ServletRegistrationBean<SmartConfigurationServlet> registration = new ServletRegistrationBean<>(
                new SmartConfigurationServlet(discovery), FhirEndpoint.PATH + "/.well-known/smart-configuration");
        registration.setName("smart-configuration");
        return registration;
    }

    @Bean
    public FhirEndpointPart smartCapabilityStatement(SecurityProperties security, SmartDiscovery discovery) {
        return security.enabled()
                ? FhirEndpointPart.endpoint(new SmartCapabilityStatement(discovery))
                : FhirEndpointPart.NONE;
    }
}
