package org.ketaminefhir.server.security;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True unless an external identity provider is configured with Spring Boot's resource-server properties
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}): then the embedded
 * authorization server is off and only that issuer's tokens are trusted.
 */
public class EmbeddedIssuer implements Condition {

    public static boolean isExternal(Environment environment) {
        return hasText(environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri"))
                || hasText(environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"));
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return !isExternal(context.getEnvironment());
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
