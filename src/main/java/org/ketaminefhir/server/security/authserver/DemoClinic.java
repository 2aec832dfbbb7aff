package org.ketaminefhir.server.security.authserver;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.UUID;
import org.ketaminefhir.server.database.DatabaseDialect;
import org.ketaminefhir.server.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo clinic: users and apps from {@code ketamine.security.demo}, registered when the demo is on (by default
 * only with the embedded H2 database). A demo backend client configured without keys gets a key pair generated on the
 * first start; its private key is written to {@code ketamine.security.demo.key-file} for {@code scripts/smart-token}.
 */
public class DemoClinic {

    private static final Logger log = LoggerFactory.getLogger(DemoClinic.class);

    private final SecurityProperties.Demo demo;

    public DemoClinic(SecurityProperties.Demo demo) {
        this.demo = demo;
    }

    public static boolean isOn(SecurityProperties.Demo demo, DatabaseDialect dialect) {
        return dialect.switchedOn("ketamine.security.demo.enabled", demo == null ? null : demo.enabled());
    }

    public void register(ClinicUsers users, ClinicApps apps) {
        users.seed(demo.users());
        for (SecurityProperties.Client client : demo.clients()) {
            boolean needsKey = client.isBackend() && blank(client.jwks()) && blank(client.jwksUri());
            if (needsKey && !apps.isRegistered(client.clientId())) {
                client = withGeneratedKey(client);
            } else if (needsKey && !Files.exists(keyFile())) {
                log.warn(
                        "The demo backend client '{}' is registered but its key file {} is gone; delete the client's row"
                                + " in oauth2_registered_client to generate a new key",
                        client.clientId(),
                        keyFile());
            }
            if (!needsKey || !apps.isRegistered(client.clientId())) {
                apps.register(client);
            }
        }
        log.warn("Demo clinic active: demo users and apps are registered (ketamine.security.demo.enabled). "
                + "Do not use it with real patient data.");
    }

    private SecurityProperties.Client withGeneratedKey(SecurityProperties.Client client) {
        try {
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS384)
                    .generate();
            Path file = keyFile();
            Files.createDirectories(file.toAbsolutePath().getParent());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(key.toPrivateKey().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.writeString(file, pem);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file system's own permissions apply
            }
            log.info(
                    "Demo backend client '{}': private key written to {} (kid {})",
                    client.clientId(),
                    file,
                    key.getKeyID());
            return new SecurityProperties.Client(
                    client.clientId(),
                    client.name(),
                    client.type(),
                    client.redirectUris(),
                    client.scopes(),
                    new JWKSet(key.toPublicJWK()).toString(),
                    null,
                    "RS384");
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException("Could not create the demo backend client's key: " + e.getMessage(), e);
        }
    }

    private Path keyFile() {
        return Path.of(demo.keyFile());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
