package org.ketaminefhir.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Access tokens for the tests, from the server's real token endpoint: SMART Backend Services (client_credentials with a
 * signed assertion). Cached per client and scope for a few minutes (tokens live an hour).
 */
public final class Tokens {

    /** Everything the server offers, with the sensitive-data scope and the audit trail. */
    public static final String FULL = "system/*.cruds system/AuditEvent.rs sensitive/psy.read";

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();
    private static final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String token, Instant until) {}

    private Tokens() {}

    /** A token for the test backend client with these scopes, from the server at this origin (http://host:port). */
    public static String backend(String origin, String scopes) {
        return backend(origin, TestClinic.BACKEND, TestClinic.BACKEND_KEY, scopes);
    }

    public static String backend(String origin, String clientId, JWK key, String scopes) {
        String cacheKey = origin + "|" + clientId + "|" + scopes;
        Cached cached = cache.get(cacheKey);
        if (cached != null && cached.until().isAfter(Instant.now())) {
            return cached.token();
        }
        TokenResponse response =
                clientCredentials(origin, clientId, key, scopes, assertion(origin, clientId, key, Map.of()));
        if (response.status() != 200) {
            throw new IllegalStateException("token endpoint answered " + response.status() + ": " + response.body());
        }
        String token = response.json().get("access_token").asText();
        cache.put(cacheKey, new Cached(token, Instant.now().plusSeconds(600)));
        return token;
    }

    /** Drops the cached tokens of the server at this origin (a new server on a port an earlier one used). */
    public static void forget(String origin) {
        cache.keySet().removeIf(key -> key.startsWith(origin + "|"));
    }

    /** The token endpoint's answer. */
    public record TokenResponse(int status, String body, JsonNode json) {}

    /** A client_credentials request with the given assertion (or a broken one, for the refusal tests). */
    public static TokenResponse clientCredentials(
            String origin, String clientId, JWK key, String scopes, String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", scopes);
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        return post(origin + "/oauth2/token", form);
    }

    /** A SMART backend-services assertion: iss = sub = client, aud = token URL, 4 minutes, fresh jti; claims override. */
    public static String assertion(String origin, String clientId, JWK key, Map<String, Object> overrides) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(origin + "/oauth2/token")
                .expirationTime(Date.from(Instant.now().plusSeconds(240)))
                .jwtID(UUID.randomUUID().toString());
        overrides.forEach(claims::claim);
        return sign(key, claims.build());
    }

    public static String sign(JWK key, JWTClaimsSet claims) {
        try {
            JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES384 : JWSAlgorithm.RS384;
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(algorithm)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TokenResponse post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isBlank() ? null : json.readTree(response.body());
            return new TokenResponse(response.statusCode(), response.body(), parsed);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
