package org.ketaminefhir.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * CDS clients of the tests: an EHR whose keys (RSA for RS256 and RS384, EC P-384 for ES384) are published at a JWKS URL
 * served by a real HTTP server in this JVM, trusted by the test clinic's servers ({@link TestClinic#properties()}); and
 * an untrusted key, for signatures the server must refuse.
 */
public final class CdsClients {

    public static final String EHR = "https://ehr.test.example";
    public static final RSAKey EHR_RSA = rsa();
    public static final ECKey EHR_EC = ec();
    public static final RSAKey UNTRUSTED = rsa();
    private static final HttpServer JWKS = serveJwks();

    private CdsClients() {}

    public static String jwksUrl() {
        return "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks.json";
    }

    /** A JWT of the EHR for the service at {@code aud}: RS384, 4 minutes, fresh jti; claims override (null removes). */
    public static String jwt(String aud) {
        return jwt(JWSAlgorithm.RS384, EHR_RSA, aud, Map.of());
    }

    public static String jwt(JWSAlgorithm algorithm, JWK key, String aud, Map<String, Object> overrides) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(EHR)
                .subject("ehr-cds-client")
                .audience(aud)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(240)))
                .jwtID(UUID.randomUUID().toString());
        overrides.forEach(claims::claim);
        return sign(algorithm, key, claims.build());
    }

    public static String sign(JWSAlgorithm algorithm, JWK key, JWTClaimsSet claims) {
        try {
            JWSSigner signer = key instanceof ECKey ec
                    ? new ECDSASigner(ec)
                    : key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new MACSigner(key.toOctetSequenceKey());
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

    private static HttpServer serveJwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(java.util.List.of(EHR_RSA.toPublicJWK(), EHR_EC.toPublicJWK()))
                    .toString()
                    .getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks.json", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa() {
        try {
            // No "alg" on the key: the EHR signs with it as RS256 or RS384.
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec() {
        try {
            return new ECKeyGenerator(Curve.P_384)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
