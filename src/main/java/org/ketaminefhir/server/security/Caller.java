package org.ketaminefhir.server.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.ketaminefhir.server.security.scopes.SmartScopes;

/**
 * Who is calling the FHIR endpoint and what their access token grants, read once from the verified token and kept on
 * the HTTP request for HAPI's hooks (they may run on other threads than the one that verified the token).
 *
 * @param issuer    the token's issuer
 * @param subject   the token's subject (the user, or the client for backend services)
 * @param clientId  the app the token was issued to
 * @param userName  a display name for the user, if the token says
 * @param fhirUser  the user's FHIR resource ({@code Practitioner/1}), if any
 * @param patient   the patient in context ({@code 123}, no type), if any
 * @param scopes    the granted scopes
 * @param sensitive true if the token carries the sensitive-data scope
 * @param auditor   true if the user has the auditor role (or the client is a backend service)
 * @param tokenId   the token's jti, if any
 * @param roles     the user's roles
 */
public record Caller(
        String issuer,
        String subject,
        String clientId,
        String userName,
        String fhirUser,
        String patient,
        SmartScopes scopes,
        boolean sensitive,
        boolean auditor,
        String tokenId,
        List<String> roles) {

    /** The request attribute holding the caller. */
    public static final String ATTRIBUTE = Caller.class.getName();

    /** The server itself (start-up, batch jobs, the clinical rules reading a chart): not restricted. */
    public static final Caller SERVER = new Caller(
            "server", "server", "server", "server", null, null, SmartScopes.none(), true, true, null, List.of());

    /** Security switched off (ketamine.security.enabled=false, for measuring only): everything allowed. */
    public static final Caller UNRESTRICTED = new Caller(
            "none", "anonymous", "none", "anonymous", null, null, SmartScopes.none(), true, true, null, List.of());

    /** No token: only the public parts of the endpoint (CapabilityStatement, SMART discovery) answer it. */
    public static final Caller ANONYMOUS =
            new Caller(null, "anonymous", "none", null, null, null, SmartScopes.none(), false, false, null, List.of());

    public Caller {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    /** The same caller without its token's id: what decides access, as a key (two tokens of one user share rules). */
    public Caller withoutTokenId() {
        return tokenId == null
                ? this
                : new Caller(
                        issuer, subject, clientId, userName, fhirUser, patient, scopes, sensitive, auditor, null,
                        roles);
    }

    public boolean isServer() {
        return this == SERVER || this == UNRESTRICTED;
    }

    public boolean hasPatientContext() {
        return patient != null;
    }

    /** {@code Patient/123} for the patient in context. */
    public String patientReference() {
        return patient == null ? null : "Patient/" + patient;
    }

    /**
     * The caller of a HAPI request: the one the security filter put on the HTTP request, the server itself for HAPI's
     * internal requests, or empty for a request that came in without one (which the filter never lets through).
     */
    public static Optional<Caller> of(RequestDetails request) {
        if (request == null || request instanceof SystemRequestDetails) {
            return Optional.of(SERVER);
        }
        Object cached = request.getUserData().get(ATTRIBUTE);
        if (cached instanceof Caller caller) {
            return Optional.of(caller);
        }
        if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
            Object attribute = servlet.getServletRequest().getAttribute(ATTRIBUTE);
            if (attribute instanceof Caller caller) {
                request.getUserData().put(ATTRIBUTE, caller);
                return Optional.of(caller);
            }
        }
        return Optional.empty();
    }

    public static Optional<Caller> of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Caller caller ? Optional.of(caller) : Optional.empty();
    }
}
