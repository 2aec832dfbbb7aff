package org.ketaminefhir.server.security.authserver;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URL;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ketaminefhir.server.security.smart.SmartEndpoints;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * SMART Backend Services: a client authenticates to the token endpoint with a JWT it signed with its own private key
 * ({@code private_key_jwt}, RS384 or ES384). The assertion must have {@code iss} = {@code sub} = the client_id,
 * {@code aud} = the token endpoint's URL, an {@code exp} at most the configured lifetime (5 minutes) ahead and a
 * {@code jti} never seen before from that client (kept until the assertion expires, in the database, so a replay is
 * refused on every server of a cluster). A {@code jku} in the assertion's header must be the JWKS URL the client
 * registered (SMART Backend Services); a client registered with inline keys has none, so any {@code jku} is refused.
 * Only the algorithms {@link SmartEndpoints#ASSERTION_ALGORITHMS} declares in the SMART discovery document are
 * accepted.
 */
public final class BackendClients {

    static final ClientAuthenticationMethod JWT_ASSERTION =
            new ClientAuthenticationMethod("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

    private BackendClients() {}

    /**
     * SMART backend clients do not send {@code client_id}: it is the assertion's {@code sub} (verified later, with the
     * signature, against {@code iss}).
     */
    public static AuthenticationConverter clientIdFromAssertion() {
        return (HttpServletRequest request) -> {
            String type = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);
            String assertion = request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION);
            if (!"POST".equals(request.getMethod())
                    || !JWT_ASSERTION.getValue().equals(type)
                    || assertion == null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_ID) != null) {
                return null;
            }
            String subject;
            try {
                subject = SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();
            } catch (ParseException e) {
                throw new OAuth2AuthenticationException(
                        new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "client_assertion is not a signed JWT", null));
            }
            if (subject == null || subject.isBlank()) {
                throw new OAuth2AuthenticationException(new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_CLIENT, "client_assertion has no sub (the client_id)", null));
            }
            return new OAuth2ClientAuthenticationToken(subject, JWT_ASSERTION, assertion, Map.of());
        };
    }

    /** Verifies a client's assertions with the keys it registered (inline JWKS or a JWKS URL). */
    public static JwtDecoderFactory<RegisteredClient> assertionDecoders(JdbcTemplate jdbc, Duration maxLifetime) {
        return client -> {
            Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
            SmartEndpoints.ASSERTION_ALGORITHMS.forEach(name -> algorithms.add(JWSAlgorithm.parse(name)));
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            processor.setJWSKeySelector(
                    registeredJkuOnly(client, new JWSVerificationKeySelector<>(algorithms, keys(client))));
            processor.setJWTClaimsSetVerifier((claims, context) -> {});
            NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
            decoder.setJwtValidator(validators(client.getClientId(), jdbc, maxLifetime));
            return decoder;
        };
    }

    /**
     * Refuses an assertion whose header names a {@code jku} other than the client's registered JWKS URL (the keys are
     * always the registered ones; a {@code jku} is never fetched).
     */
    static JWSKeySelector<SecurityContext> registeredJkuOnly(
            RegisteredClient client, JWSKeySelector<SecurityContext> keys) {
        Object inline = client.getClientSettings().getSetting(ClinicApps.JWKS_SETTING);
        String registered = inline instanceof String json && !json.isBlank()
                ? null
                : client.getClientSettings().getJwkSetUrl();
        return (header, context) -> {
            java.net.URI jku = header.getJWKURL();
            if (jku != null && (registered == null || !registered.equals(jku.toString()))) {
                throw new com.nimbusds.jose.KeySourceException(
                        registered == null
                                ? "the client registered its keys inline: an assertion may not name a jku"
                                : "the assertion's jku is not the client's registered JWKS URL");
            }
            return keys.selectJWSKeys(header, context);
        };
    }

    private static JWKSource<SecurityContext> keys(RegisteredClient client) {
        Object inline = client.getClientSettings().getSetting(ClinicApps.JWKS_SETTING);
        try {
            if (inline instanceof String json && !json.isBlank()) {
                return new ImmutableJWKSet<>(JWKSet.parse(json));
            }
            String url = client.getClientSettings().getJwkSetUrl();
            if (url != null) {
                return JWKSourceBuilder.create(new URL(url)).build();
            }
        } catch (ParseException | java.net.MalformedURLException e) {
            throw new OAuth2AuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.INVALID_CLIENT, "the client's registered keys cannot be read", null));
        }
        throw new OAuth2AuthenticationException(
                new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "the client has no registered keys", null));
    }

    private static OAuth2TokenValidator<Jwt> validators(String clientId, JdbcTemplate jdbc, Duration maxLifetime) {
        List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>();
        all.add(jwt -> clientId.equals(jwt.getClaimAsString("iss")) && clientId.equals(jwt.getSubject())
                ? OAuth2TokenValidatorResult.success()
                : failure("iss and sub must both be the client_id"));
        all.add(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(tokenEndpoint())
                ? OAuth2TokenValidatorResult.success()
                : failure("aud must be the token endpoint " + tokenEndpoint()));
        all.add(jwt -> jwt.getExpiresAt() == null
                ? failure("exp is required")
                : jwt.getExpiresAt().isAfter(Instant.now().plus(maxLifetime).plusSeconds(60))
                        ? failure("exp is more than " + maxLifetime.toMinutes() + " minutes ahead")
                        : OAuth2TokenValidatorResult.success());
        all.add(new JwtTimestampValidator());
        // Last, after the signature and every other check: a jti is spent only by a valid assertion.
        all.add(jwt -> {
            if (jwt.getId() == null || jwt.getId().isBlank()) {
                return failure("jti is required");
            }
            try {
                jdbc.update(
                        "INSERT INTO ket_client_assertion (client_id, jti, expires_at) VALUES (?, ?, ?)",
                        clientId,
                        jwt.getId(),
                        Timestamp.from(jwt.getExpiresAt()));
            } catch (DuplicateKeyException replay) {
                return failure("this assertion (jti) has been used before");
            }
            jdbc.update(
                    "DELETE FROM ket_client_assertion WHERE expires_at < ?",
                    Timestamp.from(Instant.now().minus(Duration.ofHours(1))));
            return OAuth2TokenValidatorResult.success();
        });
        // In order, stopping at the first failure (Spring's delegating validator would run them all).
        return jwt -> {
            for (OAuth2TokenValidator<Jwt> validator : all) {
                OAuth2TokenValidatorResult result = validator.validate(jwt);
                if (result.hasErrors()) {
                    return result;
                }
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static String tokenEndpoint() {
        AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
        return context.getIssuer() + context.getAuthorizationServerSettings().getTokenEndpoint();
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, description, null));
    }
}
