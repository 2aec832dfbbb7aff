package org.ketaminefhir.server.security.authserver;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.ketaminefhir.server.security.authserver.ClinicUsers.ClinicUser;
import org.ketaminefhir.server.security.scopes.ScopePolicy;
import org.ketaminefhir.server.security.scopes.SmartScope;
import org.ketaminefhir.server.security.scopes.SmartScopes;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a SMART authorization request and settles, once the user is signed in, what the app gets:
 * <ul>
 *   <li>a scope naming a resource type the server does not have is dropped (RFC 6749 §3.3: the narrower scope is
 *       granted); when nothing remains of what was asked, the request is refused with {@code invalid_scope};</li>
 *   <li>the scopes are cut down to what the user may grant (a patient never gets {@code user/} scopes);</li>
 *   <li>the patient in context: the one the EHR launch id stands for, else the patient the user is, else (for
 *       {@code launch/patient}) the one the user picked; without a patient, {@code patient/} scopes are dropped;</li>
 *   <li>the outcome is carried to the token as request parameters only this server sets (any sent by the client are
 *       removed).</li>
 * </ul>
 */
public class SmartAuthorizationRequests implements AuthenticationConverter {

    /** Internal request parameters (set here, never taken from the client). */
    public static final String PATIENT = "ketamine_patient";

    public static final String NEED_BANNER = "ketamine_need_patient_banner";

    /** Session attribute prefix: the patient a user picked for a client. */
    public static final String PICKED_PATIENT = SmartAuthorizationRequests.class.getName() + ".picked.";

    private final OAuth2AuthorizationCodeRequestAuthenticationConverter standard =
            new OAuth2AuthorizationCodeRequestAuthenticationConverter();
    private final ClinicUsers users;
    private final LaunchContexts launches;
    private final java.util.function.Predicate<String> isResourceType;

    public SmartAuthorizationRequests(
            ClinicUsers users, LaunchContexts launches, java.util.function.Predicate<String> isResourceType) {
        this.users = users;
        this.launches = launches;
        this.isResourceType = isResourceType;
    }

    @Override
    public Authentication convert(HttpServletRequest request) {
        Authentication converted = standard.convert(request);
        if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorization)) {
            return converted;
        }
        Map<String, Object> parameters = new HashMap<>(authorization.getAdditionalParameters());
        parameters.remove(PATIENT);
        parameters.remove(NEED_BANNER);
        Set<String> scopes = SmartRequestValidation.withoutUnknownTypes(authorization.getScopes(), isResourceType);
        if (scopes.isEmpty() && !authorization.getScopes().isEmpty()) {
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(
                    new OAuth2Error(
                            OAuth2ErrorCodes.INVALID_SCOPE,
                            "nothing grantable: " + String.join(" ", authorization.getScopes())
                                    + " names no resource type this FHIR R4 server has",
                            null),
                    authorization);
        }
        Authentication principal = (Authentication) authorization.getPrincipal();
        ClinicUser user = principal != null && principal.isAuthenticated()
                ? users.find(principal.getName()).orElse(null)
                : null;
        if (user != null) {
            scopes = ScopePolicy.within(scopes, user.allowedScopes());
            String patient = null;
            boolean banner = true;
            Object launch = parameters.get("launch");
            if (launch instanceof String launchId && !launchId.isBlank()) {
                patient = launches.patientFor(launchId)
                        .orElseThrow(() -> error(
                                authorization,
                                "the launch id is unknown or has expired: open the app from the EHR again"));
                if (user.patientId() != null && !user.patientId().equals(patient)) {
                    throw error(authorization, "the launch context is for another patient");
                }
                banner = false;
            } else if (user.patientId() != null) {
                patient = user.patientId();
            } else if (scopes.contains("launch/patient")) {
                patient = pickedPatient(request, authorization.getClientId());
            }
            if (patient == null) {
                scopes.removeIf(s -> s.equals("launch/patient") || isPatientScope(s));
            } else {
                parameters.put(PATIENT, patient);
                parameters.put(NEED_BANNER, banner);
            }
        }
        return new OAuth2AuthorizationCodeRequestAuthenticationToken(
                authorization.getAuthorizationUri(),
                authorization.getClientId(),
                principal,
                authorization.getRedirectUri(),
                authorization.getState(),
                scopes,
                parameters);
    }

    static String pickedPatient(HttpServletRequest request, String clientId) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(PICKED_PATIENT + clientId);
    }

    private static boolean isPatientScope(String scope) {
        SmartScope parsed = SmartScopes.parseResourceScope(scope);
        return parsed != null && parsed.context() == SmartScope.Context.PATIENT;
    }

    private static OAuth2AuthorizationCodeRequestAuthenticationException error(
            OAuth2AuthorizationCodeRequestAuthenticationToken authorization, String description) {
        return new OAuth2AuthorizationCodeRequestAuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, null), authorization);
    }
}
