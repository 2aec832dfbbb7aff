package org.ketaminefhir.server.security.authserver;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.ketaminefhir.server.security.authserver.ClinicUsers.ClinicUser;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What the embedded authorization server puts in its tokens for SMART: in the access token the FHIR base URL as
 * {@code aud}, {@code scope} as a space-separated string, {@code client_id}, the {@code patient} in context,
 * {@code fhirUser} (an absolute URL) and the user's roles; in the ID token {@code fhirUser}.
 */
public class SmartTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final ClinicUsers users;
    private final Function<HttpServletRequest, String> fhirBase;
    private final String roleClaim;

    public SmartTokenClaims(ClinicUsers users, Function<HttpServletRequest, String> fhirBase, String roleClaim) {
        this.users = users;
        this.fhirBase = fhirBase;
        this.roleClaim = roleClaim;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        String base = fhirBase.apply(currentRequest());
        ClinicUser user = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
                ? null
                : users.find(context.getPrincipal().getName()).orElse(null);
        if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            var claims = context.getClaims();
            // Plain ArrayLists: the JDBC store serialises claims with Jackson and accepts only allow-listed types.
            claims.audience(new ArrayList<>(List.of(base)));
            claims.claim("scope", String.join(" ", context.getAuthorizedScopes()));
            claims.claim("client_id", context.getRegisteredClient().getClientId());
            claims.id(UUID.randomUUID().toString());
            String patient = patient(context.getAuthorization());
            if (patient != null) {
                claims.claim("patient", patient);
            }
            if (user != null) {
                if (user.fhirUser() != null) {
                    claims.claim("fhirUser", base + "/" + user.fhirUser());
                }
                claims.claim(roleClaim, new ArrayList<>(user.roles()));
            }
        } else if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())
                && user != null
                && user.fhirUser() != null) {
            context.getClaims().claim("fhirUser", base + "/" + user.fhirUser());
        }
    }

    /** The patient settled when the user signed in (see {@link SmartAuthorizationRequests}). */
    static String patient(OAuth2Authorization authorization) {
        Map<String, Object> parameters = requestParameters(authorization);
        Object patient = parameters.get(SmartAuthorizationRequests.PATIENT);
        return patient instanceof String p ? p : null;
    }

    static boolean needsBanner(OAuth2Authorization authorization) {
        Object banner = requestParameters(authorization).get(SmartAuthorizationRequests.NEED_BANNER);
        return !(banner instanceof Boolean b) || b;
    }

    private static Map<String, Object> requestParameters(OAuth2Authorization authorization) {
        if (authorization == null) {
            return Map.of();
        }
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        return request == null ? Map.of() : request.getAdditionalParameters();
    }

    private static HttpServletRequest currentRequest() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }
}
