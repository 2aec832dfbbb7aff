package org.ketaminefhir.server.security.token;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.Set;
import org.ketaminefhir.server.security.EmbeddedIssuer;
import org.ketaminefhir.server.security.FhirAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** How access tokens are verified: from the embedded authorization server, or from the external issuer configured. */
@Configuration
public class TokenConfig {

    private static final Logger log = LoggerFactory.getLogger(TokenConfig.class);

    @Bean
    public JwtDecoder jwtDecoder(
            Environment environment,
            OAuth2ResourceServerProperties resourceServer,
            FhirAddress address,
            ObjectProvider<JWKSource<SecurityContext>> embeddedKeys) {
        if (EmbeddedIssuer.isExternal(environment)) {
            log.info(
                    "Access tokens: trusted from the external issuer {} (embedded authorization server off)",
                    firstNonBlank(
                            resourceServer.getJwt().getIssuerUri(),
                            resourceServer.getJwt().getJwkSetUri()));
            return TokenVerification.external(resourceServer.getJwt(), request -> Set.of(address.fhirBase(request)));
        }
        return TokenVerification.embedded(
                embeddedKeys.getObject(), address::issuer, request -> Set.of(address.fhirBase(request)));
    }

    private static String firstNonBlank(String a, String b) {
        return a != null && !a.isBlank() ? a : b;
    }
}
