package org.ketaminefhir.server.security.authserver;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ketaminefhir.server.security.scopes.ScopePolicy;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The SMART checks on requests to the embedded authorization server that Spring Authorization Server does not make:
 * requested scopes are compared the SMART way (a client registered for {@code patient/*.cruds} may ask for
 * {@code patient/Observation.rs} or {@code patient/Observation.read}), and an authorization request must name this
 * FHIR server in {@code aud} (so a token is never minted for a server the app did not mean).
 */
public final class SmartRequestValidation {

    private SmartRequestValidation() {}

    public static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> authorizationRequests(
            Function<HttpServletRequest, String> fhirBase) {
        return OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.andThen(context -> {
            OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
            Set<String> outside = ScopePolicy.outside(
                    request.getScopes(), context.getRegisteredClient().getScopes());
            if (!outside.isEmpty()) {
                throw error(
                        OAuth2ErrorCodes.INVALID_SCOPE,
                        "not registered for this client: " + String.join(" ", outside),
                        request);
            }
            Object aud = request.getAdditionalParameters().get("aud");
            String expected = fhirBase.apply(currentRequest());
            if (!(aud instanceof String audience) || !strip(audience).equals(strip(expected))) {
                throw error(
                        OAuth2ErrorCodes.INVALID_REQUEST,
                        "aud must be this FHIR server's base URL " + expected,
                        request);
            }
        });
    }

    public static Consumer<OAuth2ClientCredentialsAuthenticationContext> clientCredentials() {
        return context -> {
            Set<String> outside = ScopePolicy.outside(
                    ((OAuth2ClientCredentialsAuthenticationToken) context.getAuthentication()).getScopes(),
                    context.getRegisteredClient().getScopes());
            if (!outside.isEmpty()) {
                throw new OAuth2AuthenticationException(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_SCOPE,
                        "not registered for this client: " + String.join(" ", outside),
                        null));
            }
        };
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException error(
            String code, String description, OAuth2AuthorizationCodeRequestAuthenticationToken request) {
        return new OAuth2AuthorizationCodeRequestAuthenticationException(
                new OAuth2Error(code, description, null), request);
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static HttpServletRequest currentRequest() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }
}
