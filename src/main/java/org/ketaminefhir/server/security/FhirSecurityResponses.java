package org.ketaminefhir.server.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ketaminefhir.server.observability.RequestIdInOutcomes;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.resource.BearerTokenError;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The FHIR endpoint's answers to a request without a usable token (401, or 400 for a malformed request) and to one
 * whose token lacks the access (403): a {@code WWW-Authenticate: Bearer ...} header as RFC 6750 describes and an
 * OperationOutcome body saying what is wrong. The reason is also left on the request for the audit trail.
 */
public class FhirSecurityResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    /** Request attribute: why the request was refused (for the audit trail). */
    public static final String REFUSAL = FhirSecurityResponses.class.getName() + ".refusal";

    private final FhirContext fhirContext;

    public FhirSecurityResponses(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        String error = null;
        String description = "An access token is required: send it as 'Authorization: Bearer <token>'";
        HttpStatus status = HttpStatus.UNAUTHORIZED;
        if (exception instanceof OAuth2AuthenticationException oauth) {
            OAuth2Error oauthError = oauth.getError();
            error = oauthError.getErrorCode();
            description =
                    oauthError.getDescription() != null ? oauthError.getDescription() : "The access token is not valid";
            if (oauthError instanceof BearerTokenError bearer) {
                status = bearer.getHttpStatus();
            } else if (OAuth2ErrorCodes.INVALID_REQUEST.equals(error)) {
                status = HttpStatus.BAD_REQUEST;
            }
            if (OAuth2ErrorCodes.INVALID_TOKEN.equals(error) || status == HttpStatus.UNAUTHORIZED) {
                error = OAuth2ErrorCodes.INVALID_TOKEN;
                description = "The access token is not valid: " + description;
            }
        }
        String header = "Bearer realm=\"fhir\""
                + (error == null
                        ? ""
                        : ", error=\"" + error + "\", error_description=\"" + quoteSafe(description) + "\"");
        write(
                request,
                response,
                status,
                header,
                description,
                status == HttpStatus.BAD_REQUEST
                        ? OperationOutcome.IssueType.INVALID
                        : OperationOutcome.IssueType.LOGIN);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        String description = "The access token does not grant this access";
        write(
                request,
                response,
                HttpStatus.FORBIDDEN,
                "Bearer realm=\"fhir\", error=\"insufficient_scope\", error_description=\"" + description + "\"",
                description,
                OperationOutcome.IssueType.FORBIDDEN);
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            HttpStatus status,
            String wwwAuthenticate,
            String description,
            OperationOutcome.IssueType type)
            throws IOException {
        request.setAttribute(REFUSAL, description);
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(description);
        response.setStatus(status.value());
        response.setHeader("WWW-Authenticate", wwwAuthenticate);
        response.setContentType("application/fhir+json;charset=UTF-8");
        RequestIdInOutcomes.stamp(outcome);
        byte[] body = fhirContext
                .newJsonParser()
                .setPrettyPrint(true)
                .encodeResourceToString(outcome)
                .getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String quoteSafe(String text) {
        return text.replace("\\", "\\\\").replace("\"", "'").replaceAll("[\\r\\n]", " ");
    }
}
