package org.ketaminefhir.server.security.authserver;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.ketaminefhir.server.security.scopes.ScopePolicy;
import org.ketaminefhir.server.security.scopes.SmartScope;
import org.ketaminefhir.server.security.scopes.SmartScopes;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationToken;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The SMART checks on requests to the embedded authorization server that Spring Authorization Server does not make:
 * requested scopes are compared the SMART way (a client registered for {@code patient/*.cruds} may ask for
 * {@code patient/Observation.rs} or {@code patient/Observation.read}), and an authorization request must name this
 * FHIR server in {@code aud} (so a token is never minted for a server the app did not mean); and no scope naming a
 * resource type the server does not have is granted.
 *
 * <p>Unknown resource types (RFC 6749 §3.3): a resource scope such as {@code system/UnknownResource.read} is dropped
 * from the request and the rest is granted (the narrower scope, returned in the token response's {@code scope}); when
 * nothing remains, or nothing was asked for, a backend client is refused with {@code invalid_scope}.
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

    /**
     * The client_credentials grant with the scopes narrowed to resource types the server has; {@code invalid_scope}
     * when the request names no scope or none that can be granted (SMART Backend Services requires a scope).
     */
    public static AuthenticationProvider clientCredentialsScopes(
            OAuth2ClientCredentialsAuthenticationProvider provider, Predicate<String> isResourceType) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                OAuth2ClientCredentialsAuthenticationToken request =
                        (OAuth2ClientCredentialsAuthenticationToken) authentication;
                if (request.getScopes().isEmpty()) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(
                            OAuth2ErrorCodes.INVALID_SCOPE,
                            "scope is required: the SMART system scopes the client asks for, such as "
                                    + "system/Patient.rs",
                            null));
                }
                Set<String> known = withoutUnknownTypes(request.getScopes(), isResourceType);
                if (known.isEmpty()) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(
                            OAuth2ErrorCodes.INVALID_SCOPE,
                            "nothing grantable: " + String.join(" ", request.getScopes())
                                    + " names no resource type this FHIR R4 server has",
                            null));
                }
                OAuth2ClientCredentialsAuthenticationToken narrowed = new OAuth2ClientCredentialsAuthenticationToken(
                        (Authentication) request.getPrincipal(), known, request.getAdditionalParameters());
                narrowed.setDetails(request.getDetails());
                return provider.authenticate(narrowed);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return provider.supports(authentication);
            }
        };
    }

    /** The scopes without the resource scopes whose type (not {@code *}) is not a resource type of the server. */
    public static Set<String> withoutUnknownTypes(Set<String> scopes, Predicate<String> isResourceType) {
        Set<String> known = new LinkedHashSet<>();
        for (String scope : scopes) {
            SmartScope parsed = SmartScopes.parseResourceScope(scope);
            if (parsed == null || SmartScope.ANY_TYPE.equals(parsed.type()) || isResourceType.test(parsed.type())) {
                known.add(scope);
            }
        }
        return known;
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
