package org.ketaminefhir.server.security;

import java.util.List;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.fhir.FhirServerProperties;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Security of the FHIR endpoint: SMART access tokens (from the embedded authorization server, or from the identity
 * provider Spring Boot's resource-server properties name), HAPI's authorization rules built from their scopes, the
 * sensitivity labels, and the audit trail. This package holds what they share (the caller, the server's address, the
 * settings, CORS); each sub-package configures its own part: {@code smart} (discovery), {@code token} (verification),
 * {@code labels}, {@code access} (authorization rules), {@code authserver} (the embedded authorization server) and
 * {@code web} (the filter chains).
 */
@Configuration
@EnableConfigurationProperties({SecurityProperties.class, OAuth2ResourceServerProperties.class})
public class SecurityConfig {

    @Bean
    public FhirAddress fhirAddress(FhirServerProperties fhir, SecurityProperties security) {
        return new FhirAddress(
                fhir,
                security.authorizationServer() == null
                        ? null
                        : security.authorizationServer().issuer());
    }

    /** Browser apps call the FHIR endpoint and the token endpoint from their own origin. */
    @Bean
    public FullPathCorsSource corsConfigurationSource(FhirServerProperties fhir) {
        FullPathCorsSource source = new FullPathCorsSource();
        if (!fhir.getCors().isEnabled()) {
            return source;
        }
        CorsConfiguration config = new CorsConfiguration();
        fhir.getCors().getAllowedOrigins().forEach(config::addAllowedOriginPattern);
        config.setAllowedHeaders(List.of(
                "Origin",
                "Accept",
                "Content-Type",
                "Authorization",
                "Cache-Control",
                "Prefer",
                "If-Match",
                "If-None-Match",
                "If-None-Exist",
                "If-Modified-Since",
                "X-Requested-With",
                "X-Request-Id"));
        config.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified", "WWW-Authenticate"));
        config.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"));
        config.setAllowCredentials(false);
        config.setMaxAge(3600L);
        for (String path : List.of(
                FhirEndpoint.PATH + "/**",
                "/oauth2/token",
                "/oauth2/revoke",
                "/oauth2/introspect",
                "/oauth2/jwks",
                "/userinfo",
                "/.well-known/**",
                "/cds-services/**")) {
            source.register(path, config);
        }
        return source;
    }
}
