package org.ketaminefhir.server.security.authserver;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.ketaminefhir.server.security.smart.SmartEndpoints;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the shape of a token request before Spring Authorization Server looks at it, so that a malformed request gets
 * an OAuth error (RFC 6749 §5.2) and not Spring Security's bare 401 / 403:
 * <ul>
 *   <li>the body must be {@code application/x-www-form-urlencoded} (RFC 6749 §3.2, §4.4.2): else 400
 *       {@code invalid_request};</li>
 *   <li>{@code grant_type} must be present (400 {@code invalid_request}) and one the server declares in
 *       {@code .well-known/smart-configuration} (else 400 {@code unsupported_grant_type});</li>
 *   <li>{@code client_assertion} and {@code client_assertion_type} come together, and the type is
 *       {@code urn:ietf:params:oauth:client-assertion-type:jwt-bearer} (RFC 7523 §2.2): else 400
 *       {@code invalid_request};</li>
 *   <li>a client_credentials or authorization_code request with no client authentication at all (no assertion, no
 *       {@code client_id}, no {@code Authorization} header) is 401 {@code invalid_client}.</li>
 * </ul>
 */
public final class TokenRequestCheck extends OncePerRequestFilter {

    private final String tokenPath;

    public TokenRequestCheck(String tokenPath) {
        this.tokenPath = tokenPath;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || !tokenPath.equals(path);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        OAuth2Error refusal = check(request);
        if (refusal != null) {
            TokenEndpointErrors.write(response, refusal);
            return;
        }
        chain.doFilter(request, response);
    }

    static OAuth2Error check(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType == null
                || !contentType
                        .toLowerCase(Locale.ROOT)
                        .split(";")[0]
                        .trim()
                        .equals("application/x-www-form-urlencoded")) {
            return invalidRequest("a token request is a POST with Content-Type application/x-www-form-urlencoded"
                    + " (RFC 6749 section 3.2); this one has " + (contentType == null ? "none" : contentType));
        }
        String grantType = request.getParameter(OAuth2ParameterNames.GRANT_TYPE);
        if (grantType == null || grantType.isBlank()) {
            return invalidRequest("grant_type is required");
        }
        if (!SmartEndpoints.EMBEDDED_GRANT_TYPES.contains(grantType)) {
            return new OAuth2Error(
                    OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE,
                    "grant_type " + grantType + " is not supported; this server supports "
                            + String.join(", ", SmartEndpoints.EMBEDDED_GRANT_TYPES),
                    null);
        }
        String assertionType = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);
        String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
        if (assertion != null && assertionType == null) {
            return invalidRequest("client_assertion_type is required with client_assertion; it must be "
                    + BackendClients.JWT_ASSERTION.getValue());
        }
        if (assertionType != null && !BackendClients.JWT_ASSERTION.getValue().equals(assertionType)) {
            return invalidRequest(
                    "client_assertion_type must be " + BackendClients.JWT_ASSERTION.getValue() + " (RFC 7523)");
        }
        if (assertionType != null && (assertion == null || assertion.isBlank())) {
            return invalidRequest("client_assertion is required with client_assertion_type");
        }
        boolean noClientAuthentication = assertion == null
                && request.getParameter(OAuth2ParameterNames.CLIENT_ID) == null
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null;
        if (noClientAuthentication
                && (AuthorizationGrantType.CLIENT_CREDENTIALS.getValue().equals(grantType)
                        || AuthorizationGrantType.AUTHORIZATION_CODE.getValue().equals(grantType))) {
            return new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_CLIENT,
                    "Client authentication failed: no client authentication was included (backend services: "
                            + "client_assertion_type and client_assertion; public apps: client_id)",
                    null);
        }
        return null;
    }

    private static OAuth2Error invalidRequest(String description) {
        return new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, null);
    }
}
