package org.ketaminefhir.server.security.authserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The embedded authorization server's token signing key: an RSA key (RS256) generated on the first start and kept in
 * the database ({@code ket_signing_key}), so tokens stay valid across restarts and every server on one database signs
 * and verifies with the same key. The private key is in the database: protect it like the data it guards.
 */
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final JWKSet keys;

    public SigningKeys(JdbcTemplate jdbc) {
        List<JWK> stored = load(jdbc);
        if (stored.isEmpty()) {
            RSAKey generated = generate();
            try {
                jdbc.update(
                        "INSERT INTO ket_signing_key (kid, jwk, created) VALUES (?, ?, ?)",
                        generated.getKeyID(),
                        generated.toJSONString(),
                        Timestamp.from(Instant.now()));
                log.info("Generated the token signing key {} (stored in the database)", generated.getKeyID());
            } catch (DuplicateKeyException raced) {
                // another server on this database stored one first: use what is there
            }
            stored = load(jdbc);
        }
        this.keys = new JWKSet(stored);
    }

    public JWKSource<SecurityContext> source() {
        return new ImmutableJWKSet<>(keys);
    }

    /** The public keys, as served at the JWKS endpoint. */
    public JWKSet publicKeys() {
        return keys.toPublicJWKSet();
    }

    private static List<JWK> load(JdbcTemplate jdbc) {
        List<JWK> keys = new ArrayList<>();
        for (String json : jdbc.queryForList("SELECT jwk FROM ket_signing_key ORDER BY created DESC", String.class)) {
            try {
                keys.add(JWK.parse(json));
            } catch (ParseException e) {
                throw new IllegalStateException(
                        "A signing key in ket_signing_key cannot be read: " + e.getMessage(), e);
            }
        }
        return keys;
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate a signing key", e);
        }
    }
}
