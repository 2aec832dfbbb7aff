package org.ketaminefhir.server.cds;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URL;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Trusting a CDS client (CDS Hooks 2.0, "Trusting CDS Clients"): every service call carries a JWT the client signed,
 * with {@code iss}, {@code sub}, {@code aud} = the service's URL, {@code exp}, {@code iat} and {@code jti}. It is trusted
 * when its issuer is a configured CDS client (whose keys are at its JWKS URL) or the token issuer of the FHIR endpoint,
 * it is signed with RS256, RS384 or ES384 by one of that issuer's keys, it has not expired, it lives at most the
 * configured lifetime, and its {@code jti} has not been seen before from that issuer (kept in the database until it
 * expires, so that a replay is refused by every server of a cluster).
 */
public class CdsClientJwt {

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.ES384);
    private static final Set<String> REQUIRED = Set.of("iss", "sub", "aud", "exp", "iat", "jti");
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    /** A verified client: its issuer and subject. */
    public record Client(String issuer, String subject) {}

    /** Why a JWT is refused, said to the client in the 401. */
    public static class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final Map<String, JWKSource<SecurityContext>> trusted = new ConcurrentHashMap<>();
    private final Function<String, Optional<JWKSource<SecurityContext>>> tokenIssuerKeys;
    private final JdbcTemplate jdbc;
    private final Duration maxLifetime;
    private final Clock clock;

    /**
     * @param trustedClients  issuer to JWKS URL of each configured CDS client
     * @param tokenIssuerKeys the keys of the FHIR endpoint's token issuer, if {@code iss} is that issuer
     */
    public CdsClientJwt(
            Map<String, String> trustedClients,
            Function<String, Optional<JWKSource<SecurityContext>>> tokenIssuerKeys,
            JdbcTemplate jdbc,
            Duration maxLifetime,
            Clock clock) {
        trustedClients.forEach((issuer, jwksUrl) -> trusted.put(issuer, remoteKeys(jwksUrl)));
        this.tokenIssuerKeys = tokenIssuerKeys;
        this.jdbc = jdbc;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /**
     * Verifies the {@code Authorization} header of a call to the service at {@code serviceUrl}.
     *
     * @throws Refused with what is wrong
     */
    public Client verify(String authorization, String serviceUrl) throws Refused {
        if (authorization == null
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.length() < 8) {
            throw new Refused(
                    "a CDS client must send a JWT it signed as a bearer token (CDS Hooks 2.0: Trusting CDS Clients)");
        }
        SignedJWT jwt;
        JWTClaimsSet unverified;
        try {
            jwt = SignedJWT.parse(authorization.substring(7).trim());
            unverified = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refused("the bearer token is not a signed JWT");
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            throw new Refused(
                    "the JWT is signed with " + jwt.getHeader().getAlgorithm() + "; accepted: RS256, RS384, ES384");
        }
        String issuer = unverified.getIssuer();
        if (issuer == null || issuer.isBlank()) {
            throw new Refused("the JWT has no iss");
        }
        JWKSource<SecurityContext> keys = Optional.ofNullable(trusted.get(issuer))
                .or(() -> tokenIssuerKeys.apply(issuer))
                .orElseThrow(() -> new Refused("the JWT's issuer " + issuer + " is not a trusted CDS client"));
        JWTClaimsSet claims = verified(jwt, keys, issuer, serviceUrl);
        Instant now = clock.instant();
        if (claims.getExpirationTime().toInstant().isAfter(now.plus(maxLifetime).plus(CLOCK_SKEW))) {
            throw new Refused("the JWT's exp is more than " + maxLifetime.toMinutes() + " minutes ahead");
        }
        spend(issuer, claims.getJWTID(), claims.getExpirationTime().toInstant());
        return new Client(issuer, claims.getSubject());
    }

    private JWTClaimsSet verified(SignedJWT jwt, JWKSource<SecurityContext> keys, String issuer, String serviceUrl)
            throws Refused {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims =
                new DefaultJWTClaimsVerifier<>(
                        serviceUrl, new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED) {
                    @Override
                    protected java.util.Date currentTime() {
                        return java.util.Date.from(clock.instant());
                    }
                };
        claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
        try {
            return processor.process(jwt, null);
        } catch (BadJOSEException e) {
            throw new Refused(describe(e.getMessage(), serviceUrl));
        } catch (com.nimbusds.jose.jwk.source.RateLimitReachedException e) {
            // An unknown kid makes Nimbus fetch the JWKS again, at most once every 30 s: the key was not there.
            throw new Refused("the JWT's signature does not verify with any key of its issuer (no key "
                    + jwt.getHeader().getKeyID() + " in its JWKS)");
        } catch (JOSEException e) {
            throw new Refused("the issuer's keys could not be read (" + e.getMessage() + ")");
        }
    }

    private static String describe(String nimbus, String serviceUrl) {
        if (nimbus == null) {
            return "the JWT is not valid";
        }
        if (nimbus.contains("audience")) {
            return "the JWT's aud must be the service's URL " + serviceUrl;
        }
        if (nimbus.contains("Expired")) {
            return "the JWT has expired";
        }
        if (nimbus.contains("missing required claims")) {
            return "the JWT misses required claims: "
                    + nimbus.substring(nimbus.indexOf("claims") + 6).trim()
                    + " (iss, sub, aud, exp, iat and jti are required)";
        }
        if (nimbus.contains("Signed JWT rejected") || nimbus.contains("key")) {
            return "the JWT's signature does not verify with any key of its issuer";
        }
        return "the JWT is not valid: " + nimbus;
    }

    /** Last, after every other check: a jti is spent only by a JWT that is otherwise valid. */
    private void spend(String issuer, String jti, Instant expires) throws Refused {
        if (jti.length() > 256) {
            throw new Refused("the JWT's jti is longer than 256 characters");
        }
        try {
            jdbc.update(
                    "INSERT INTO ket_cds_client_jwt (issuer, jti, expires_at) VALUES (?, ?, ?)",
                    issuer,
                    jti,
                    Timestamp.from(expires));
        } catch (DuplicateKeyException replay) {
            throw new Refused("this JWT (its jti) has been used before: a CDS client signs a new one for every call");
        }
        jdbc.update(
                "DELETE FROM ket_cds_client_jwt WHERE expires_at < ?",
                Timestamp.from(clock.instant().minus(Duration.ofHours(1))));
    }

    /** The keys at a JWKS URL (fetched when first needed, cached and refreshed by Nimbus). */
    static JWKSource<SecurityContext> remoteKeys(String jwksUrl) {
        try {
            return JWKSourceBuilder.create(new URL(jwksUrl)).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("ketamine.cds.trusted-clients: " + jwksUrl + " is not a URL", e);
        }
    }
}
