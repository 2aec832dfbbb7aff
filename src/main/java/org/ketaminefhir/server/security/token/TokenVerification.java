package org.ketaminefhir.server.security.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * How an access token is verified: signature by the issuer's keys with an asymmetric algorithm only (RS256/384/512,
 * ES256/384/512, PS256/384/512; {@code none} and HS* are refused), {@code iss}, {@code aud} (the FHIR base URL or a
 * configured audience), {@code exp} (required) and {@code nbf}.
 *
 * <p>With the embedded authorization server the keys are read in-process and the expected issuer and audience follow
 * the address of each request (or the configured addresses). With an external issuer they come from Spring Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, {@code jwk-set-uri}, {@code jws-algorithms} and
 * {@code audiences}; the issuer's keys are fetched on first use.
 */
public final class TokenVerification {

    /** Asymmetric JWS algorithms accepted on access tokens. */
    public static final Set<SignatureAlgorithm> ALGORITHMS = Set.of(
            SignatureAlgorithm.RS256,
            SignatureAlgorithm.RS384,
            SignatureAlgorithm.RS512,
            SignatureAlgorithm.ES256,
            SignatureAlgorithm.ES384,
            SignatureAlgorithm.ES512,
            SignatureAlgorithm.PS256,
            SignatureAlgorithm.PS384,
            SignatureAlgorithm.PS512);

    private TokenVerification() {}

    /**
     * Tokens of the embedded authorization server.
     *
     * @param keys      its signing keys
     * @param issuer    the expected issuer of the request being served
     * @param audiences the accepted audiences of the request being served
     */
    public static JwtDecoder embedded(
            JWKSource<SecurityContext> keys,
            Function<HttpServletRequest, String> issuer,
            Function<HttpServletRequest, Set<String>> audiences) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        Set<JWSAlgorithm> algorithms = new LinkedHashSet<>();
        ALGORITHMS.forEach(a -> algorithms.add(JWSAlgorithm.parse(a.getName())));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
        processor.setJWSTypeVerifier(TYPES);
        // Spring's validators below check the claims.
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(validators(issuer, audiences));
        return decoder;
    }

    /** Tokens of an external issuer configured with Spring Boot's resource-server properties. */
    public static JwtDecoder external(
            OAuth2ResourceServerProperties.Jwt settings, Function<HttpServletRequest, Set<String>> fhirAudience) {
        String issuerUri = blankToNull(settings.getIssuerUri());
        String jwkSetUri = blankToNull(settings.getJwkSetUri());
        Set<SignatureAlgorithm> algorithms = algorithms(settings.getJwsAlgorithms());
        List<String> configuredAudiences = settings.getAudiences() == null ? List.of() : settings.getAudiences();
        Function<HttpServletRequest, Set<String>> audiences = request -> {
            Set<String> all = new LinkedHashSet<>(configuredAudiences);
            if (all.isEmpty()) {
                all.addAll(fhirAudience.apply(request));
            }
            return all;
        };
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = jwkSetUri != null
                    ? NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
                            .jwsAlgorithms(a -> a.addAll(algorithms))
                            .validateType(false)
                            .build()
                    : NimbusJwtDecoder.withIssuerLocation(issuerUri)
                            .jwsAlgorithms(a -> a.addAll(algorithms))
                            .validateType(false)
                            .build();
            decoder.setJwtValidator(validators(issuerUri == null ? null : request -> issuerUri, audiences));
            return decoder;
        });
    }

    private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), new JOSEObjectType("application/at+jwt"), null);

    static Set<SignatureAlgorithm> algorithms(List<String> configured) {
        if (configured == null
                || configured.isEmpty()
                || (configured.size() == 1 && "RS256".equals(configured.get(0)))) {
            // Boot's default list is just RS256; SMART clients sign with RS384 and ES384 too.
            return ALGORITHMS;
        }
        Set<SignatureAlgorithm> chosen = new LinkedHashSet<>();
        for (String name : configured) {
            SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
            if (algorithm == null || !ALGORITHMS.contains(algorithm)) {
                throw new IllegalStateException("spring.security.oauth2.resourceserver.jwt.jws-algorithms: " + name
                        + " is not accepted; use asymmetric algorithms only (" + ALGORITHMS + ")");
            }
            chosen.add(algorithm);
        }
        return chosen;
    }

    private static OAuth2TokenValidator<Jwt> validators(
            Function<HttpServletRequest, String> issuer, Function<HttpServletRequest, Set<String>> audiences) {
        List<OAuth2TokenValidator<Jwt>> all = new ArrayList<>();
        all.add(TokenVerification::expiryRequired);
        all.add(new JwtTimestampValidator());
        if (issuer != null) {
            all.add(jwt -> {
                String expected = issuer.apply(currentRequest());
                String actual = jwt.getIssuer() == null ? null : jwt.getIssuer().toString();
                return expected.equals(actual)
                        ? OAuth2TokenValidatorResult.success()
                        : failure("the token's issuer " + actual + " is not " + expected);
            });
        }
        all.add(jwt -> {
            Set<String> expected = audiences.apply(currentRequest());
            List<String> actual = jwt.getAudience() == null ? List.of() : jwt.getAudience();
            return actual.stream().anyMatch(expected::contains)
                    ? OAuth2TokenValidatorResult.success()
                    : failure("the token's audience " + actual + " does not include " + expected);
        });
        return new DelegatingOAuth2TokenValidator<>(all);
    }

    private static OAuth2TokenValidatorResult expiryRequired(Jwt jwt) {
        Instant expiry = jwt.getExpiresAt();
        return expiry != null ? OAuth2TokenValidatorResult.success() : failure("the token has no exp claim");
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }

    private static HttpServletRequest currentRequest() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
