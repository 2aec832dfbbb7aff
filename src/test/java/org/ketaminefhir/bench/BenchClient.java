package org.ketaminefhir.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ketaminefhir.server.support.Tokens;

/**
 * The SMART Backend Services client the benchmark registers on every server it starts with security on (by
 * configuration, as a clinic registers its own): a key pair that only this JVM holds, client_credentials with an RS384
 * assertion at the embedded authorization server's token endpoint, the system scopes and the sensitive-data scope (the
 * synthetic clinic's resources declare the IG's profiles, so they are labelled and released only with it).
 */
final class BenchClient {

    static final String CLIENT_ID = "bench";
    static final String SCOPES = "system/*.cruds sensitive/psy.read";

    private final RSAKey key;

    BenchClient() {
        try {
            key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS384)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server arguments registering this client (a registered client is kept in the database and never overwritten). */
    List<String> serverArguments() {
        String client = "--ketamine.security.authorization-server.clients[0].";
        List<String> args = new ArrayList<>(List.of(
                client + "client-id=" + CLIENT_ID,
                client + "name=Benchmark",
                client + "type=backend",
                client + "algorithm=RS384",
                client + "jwks={\"keys\":[" + key.toPublicJWK().toJSONString() + "]}"));
        String[] scopes = SCOPES.split(" ");
        for (int i = 0; i < scopes.length; i++) {
            args.add(client + "scopes[" + i + "]=" + scopes[i]);
        }
        return args;
    }

    /** The access token for one server, at this origin (http://localhost:port: the token's audience follows it). */
    AccessToken tokenFor(String origin) {
        return new AccessToken(origin);
    }

    /**
     * One server's access token: obtained on first use, renewed (outside the measured calls, see
     * {@link #renewIfExpiringWithin}) or, failing that, on the call that finds it within two minutes of expiring.
     */
    final class AccessToken {
        private final String origin;
        private volatile String value;
        private volatile Instant expires = Instant.EPOCH;
        private int obtained;

        private AccessToken(String origin) {
            this.origin = origin;
        }

        /** The bearer token, obtaining or renewing it when needed. */
        String bearer() {
            String current = value;
            if (current != null && Instant.now().isBefore(expires.minusSeconds(120))) {
                return current;
            }
            return renewIfExpiringWithin(Duration.ofMinutes(2));
        }

        /** Obtains a new token unless the current one has more than {@code margin} left. */
        synchronized String renewIfExpiringWithin(Duration margin) {
            if (value != null && Instant.now().plus(margin).isBefore(expires)) {
                return value;
            }
            Instant requested = Instant.now();
            Tokens.TokenResponse response = Tokens.clientCredentials(
                    origin, CLIENT_ID, key, SCOPES, Tokens.assertion(origin, CLIENT_ID, key, Map.of()));
            JsonNode json = response.json();
            if (response.status() != 200 || json == null || !json.hasNonNull("access_token")) {
                throw new IllegalStateException("token endpoint " + origin + "/oauth2/token answered HTTP "
                        + response.status() + ": " + response.body());
            }
            long lifetime = json.path("expires_in").asLong(3600);
            String scope = json.path("scope").asText(null);
            if (scope != null && !List.of(scope.split(" ")).contains("sensitive/psy.read")) {
                throw new IllegalStateException(
                        "the token was granted without sensitive/psy.read (scope '" + scope + "')");
            }
            value = json.get("access_token").asText();
            expires = requested.plusSeconds(lifetime);
            obtained++;
            return value;
        }

        synchronized int obtained() {
            return obtained;
        }
    }
}
