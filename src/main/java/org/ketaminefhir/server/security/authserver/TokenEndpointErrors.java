package org.ketaminefhir.server.security.authserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The token endpoint's refusals as RFC 6749 §5.2 has them: a JSON object with {@code error} and
 * {@code error_description}, {@code Cache-Control: no-store}; 401 for {@code invalid_client} (the client could not be
 * authenticated), 400 for every other error of the client's request. Used for the client authentication step, the
 * token request itself and requests that reach the endpoint without any client authentication.
 */
public final class TokenEndpointErrors implements AuthenticationFailureHandler, AuthenticationEntryPoint {

    private static final ObjectMapper json = new ObjectMapper();

    @Override
    public void onAuthenticationFailure(
            jakarta.servlet.http.HttpServletRequest request,
            HttpServletResponse response,
            AuthenticationException exception)
            throws IOException {
        OAuth2Error error = exception instanceof OAuth2AuthenticationException oauth
                ? oauth.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", null);
        write(response, error);
    }

    /** A request that reached the token endpoint with no client authentication at all. */
    @Override
    public void commence(
            jakarta.servlet.http.HttpServletRequest request,
            HttpServletResponse response,
            AuthenticationException exception)
            throws IOException {
        write(
                response,
                new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_CLIENT,
                        "Client authentication failed: no client authentication was included (backend services: "
                                + "client_assertion_type and client_assertion; public apps: client_id)",
                        null));
    }

    public static void write(HttpServletResponse response, OAuth2Error error) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status(error.getErrorCode()));
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.getErrorCode());
        body.put(
                "error_description",
                error.getDescription() == null || error.getDescription().isBlank()
                        ? describe(error.getErrorCode())
                        : error.getDescription());
        if (error.getUri() != null) {
            body.put("error_uri", error.getUri());
        }
        json.writeValue(response.getOutputStream(), body);
    }

    static int status(String errorCode) {
        return switch (errorCode) {
            case OAuth2ErrorCodes.INVALID_CLIENT -> HttpServletResponse.SC_UNAUTHORIZED;
            case OAuth2ErrorCodes.SERVER_ERROR -> HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            case OAuth2ErrorCodes.TEMPORARILY_UNAVAILABLE -> HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            default -> HttpServletResponse.SC_BAD_REQUEST;
        };
    }

    /** Spring Authorization Server leaves some errors without a description; RFC 6749's meaning then. */
    private static String describe(String errorCode) {
        return switch (errorCode) {
            case OAuth2ErrorCodes.INVALID_REQUEST ->
                "The request is missing a required parameter, repeats one, or is " + "otherwise malformed";
            case OAuth2ErrorCodes.INVALID_CLIENT -> "Client authentication failed";
            case OAuth2ErrorCodes.INVALID_GRANT ->
                "The authorization grant or refresh token is invalid, expired, "
                        + "revoked, or was issued to another client";
            case OAuth2ErrorCodes.UNAUTHORIZED_CLIENT -> "This client may not use this grant type";
            case OAuth2ErrorCodes.UNSUPPORTED_GRANT_TYPE -> "This grant type is not supported";
            case OAuth2ErrorCodes.INVALID_SCOPE -> "The requested scope is invalid, unknown or not allowed";
            default -> errorCode;
        };
    }
}
