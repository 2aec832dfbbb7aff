package org.ketaminefhir.server.security.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.SecurityProperties;
import org.ketaminefhir.server.security.scopes.SmartScope;
import org.ketaminefhir.server.security.scopes.SmartScopes;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;

/**
 * Reads the {@link Caller} from a verified access token, whichever issuer minted it: SMART's {@code scope} (a
 * space-separated string or a JSON list; {@code scp} as some identity providers name it), {@code patient},
 * {@code fhirUser}, the client ({@code client_id}, {@code azp}, {@code cid} or {@code appid}), the user's roles and the
 * sensitive-data scope. A token whose claims cannot mean anything sensible is refused as {@code invalid_token}.
 */
public class CallerTokenConverter implements Converter<Jwt, CallerAuthentication> {

    private final SecurityProperties properties;

    public CallerTokenConverter(SecurityProperties properties) {
        this.properties = properties;
    }

    @Override
    public CallerAuthentication convert(Jwt jwt) {
        SmartScopes scopes;
        try {
            scopes = SmartScopes.fromClaim(jwt.hasClaim("scope") ? jwt.getClaim("scope") : jwt.getClaim("scp"));
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        String patient = stringClaim(jwt, "patient");
        if (patient != null) {
            if (patient.startsWith("Patient/")) {
                patient = patient.substring("Patient/".length());
            }
            if (!patient.matches("[A-Za-z0-9\\-.]{1,64}")) {
                throw invalid("the patient claim is not a FHIR id");
            }
        }
        boolean patientScopes =
                scopes.resourceScopes().stream().anyMatch(s -> s.context() == SmartScope.Context.PATIENT);
        if (patientScopes && patient == null) {
            throw invalid("patient-level scopes need a patient claim naming the patient in context");
        }
        String fhirUser = stringClaim(jwt, "fhirUser");
        String clientId = firstOf(jwt, "client_id", "azp", "cid", "appid");
        List<String> roles = listClaim(jwt, properties.roleClaim());
        return new CallerAuthentication(
                jwt,
                new Caller(
                        jwt.getIssuer() == null ? null : jwt.getIssuer().toString(),
                        jwt.getSubject(),
                        clientId == null ? "unknown" : clientId,
                        firstOf(jwt, "preferred_username", "name", "sub"),
                        fhirUser,
                        patient,
                        scopes,
                        scopes.has(properties.sensitiveScope()),
                        roles.contains(properties.auditorRole()),
                        jwt.getId(),
                        roles));
    }

    private static String firstOf(Jwt jwt, String... claims) {
        for (String claim : claims) {
            String value = stringClaim(jwt, claim);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String stringClaim(Jwt jwt, String claim) {
        Object value = jwt.getClaims().get(claim);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw invalid("the " + claim + " claim must be a string");
        }
        return text.isBlank() ? null : text;
    }

    private static List<String> listClaim(Jwt jwt, String claim) {
        Object value = claim == null ? null : jwt.getClaims().get(claim);
        List<String> values = new ArrayList<>();
        if (value instanceof String text) {
            for (String part : text.split("[\\s,]+")) {
                if (!part.isBlank()) {
                    values.add(part);
                }
            }
        } else if (value instanceof Collection<?> list) {
            list.forEach(v -> values.add(String.valueOf(v)));
        }
        return values;
    }

    private static OAuth2AuthenticationException invalid(String why) {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken(why));
    }
}
