package org.ketaminefhir.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The clinic the tests run against, registered through the same configuration a clinic uses
 * ({@code ketamine.security.authorization-server.users / clients}): backend services whose private keys only this
 * JVM holds, a public SMART app, and users for each kind of token.
 */
public final class TestClinic {

    public static final String BACKEND = "test-backend";
    public static final String BACKEND_ES = "test-backend-es";
    /** Registered for the system scopes but not for the sensitive-data scope. */
    public static final String BACKEND_PLAIN = "test-backend-plain";

    public static final String APP = "test-app";
    public static final String APP_REDIRECT = "http://127.0.0.1/callback";

    public static final String CLINICIAN = "clinician";
    public static final String PATIENT_USER = "patient-a";
    public static final String PATIENT_USER_PATIENT = "test-patient-a";
    public static final String AUDITOR = "auditor";
    public static final String PASSWORD = "test-password-1";

    public static final RSAKey BACKEND_KEY = rsa();
    public static final ECKey BACKEND_ES_KEY = ec();
    public static final RSAKey BACKEND_PLAIN_KEY = rsa();

    private TestClinic() {}

    /** Spring properties registering the test clinic. */
    public static Map<String, String> properties() {
        Map<String, String> p = new LinkedHashMap<>();
        String clients = "ketamine.security.authorization-server.clients";
        backend(
                p,
                clients + "[0]",
                BACKEND,
                BACKEND_KEY.toPublicJWK().toJSONString(),
                "RS384",
                List.of("system/*.cruds", "system/AuditEvent.rs", "sensitive/psy.read"));
        backend(
                p,
                clients + "[1]",
                BACKEND_ES,
                BACKEND_ES_KEY.toPublicJWK().toJSONString(),
                "ES384",
                List.of("system/*.cruds", "sensitive/psy.read"));
        backend(
                p,
                clients + "[2]",
                BACKEND_PLAIN,
                BACKEND_PLAIN_KEY.toPublicJWK().toJSONString(),
                "RS384",
                List.of("system/*.cruds", "system/*.rs"));
        p.put(clients + "[3].client-id", APP);
        p.put(clients + "[3].name", "Test SMART app");
        p.put(clients + "[3].type", "public");
        p.put(clients + "[3].redirect-uris[0]", APP_REDIRECT);
        list(
                p,
                clients + "[3].scopes",
                List.of(
                        "openid",
                        "fhirUser",
                        "launch",
                        "launch/patient",
                        "offline_access",
                        "online_access",
                        "patient/*.cruds",
                        "user/*.cruds",
                        "user/AuditEvent.rs",
                        "sensitive/psy.read"));

        String users = "ketamine.security.authorization-server.users";
        user(
                p,
                users + "[0]",
                CLINICIAN,
                "Practitioner/test-clinician",
                List.of("clinician"),
                List.of(
                        "openid",
                        "fhirUser",
                        "launch",
                        "launch/patient",
                        "offline_access",
                        "online_access",
                        "user/*.cruds",
                        "patient/*.cruds",
                        "sensitive/psy.read"));
        user(
                p,
                users + "[1]",
                PATIENT_USER,
                "Patient/" + PATIENT_USER_PATIENT,
                List.of("patient"),
                List.of(
                        "openid",
                        "fhirUser",
                        "launch/patient",
                        "offline_access",
                        "patient/*.cruds",
                        "sensitive/psy.read"));
        user(
                p,
                users + "[2]",
                AUDITOR,
                "Practitioner/test-auditor",
                List.of("auditor"),
                List.of("openid", "fhirUser", "user/AuditEvent.rs"));
        p.put("ketamine.security.demo.enabled", "false");
        p.put("ketamine.cds.trusted-clients[0].issuer", CdsClients.EHR);
        p.put("ketamine.cds.trusted-clients[0].jwks-url", CdsClients.jwksUrl());
        p.put("ketamine.subscriptions.allowed-endpoints", NotificationReceiver.allowedPrefix());
        // Retries of failed notifications within seconds (the shipped policy waits 2 s, doubling up to 5 min).
        p.put("ketamine.subscriptions.redelivery.first-delay", "1s");
        p.put("ketamine.subscriptions.redelivery.max-delay", "2s");
        // The test servers run on http; CDS Hooks 2.0 wants an https fhirServer.
        p.put("ketamine.cds.require-https-fhir-server", "false");
        // The clinic's REMS-certified healthcare setting (the REMS form's setting fields).
        p.put("ketamine.rules.rems.setting.name", "Test Ketamine Clinic");
        p.put("ketamine.rules.rems.setting.address1", "1 Test Street");
        p.put("ketamine.rules.rems.setting.address2", "Suite 200");
        p.put("ketamine.rules.rems.setting.city", "Springfield");
        p.put("ketamine.rules.rems.setting.state", "IL");
        p.put("ketamine.rules.rems.setting.zip", "62701");
        // The REMS overdue sweep runs when a test calls it (RemsTrackingIT), not every 15 minutes behind the other
        // tests'
        // backs: their esketamine sessions dated in the past would gain overdue alerts mid-test.
        p.put("ketamine.rules.rems.overdue-check-interval", "P1D");
        return p;
    }

    private static void backend(
            Map<String, String> p, String prefix, String id, String jwk, String algorithm, List<String> scopes) {
        p.put(prefix + ".client-id", id);
        p.put(prefix + ".type", "backend");
        p.put(prefix + ".algorithm", algorithm);
        p.put(prefix + ".jwks", "{\"keys\":[" + jwk + "]}");
        list(p, prefix + ".scopes", scopes);
    }

    private static void user(
            Map<String, String> p,
            String prefix,
            String username,
            String fhirUser,
            List<String> roles,
            List<String> scopes) {
        p.put(prefix + ".username", username);
        p.put(prefix + ".password", PASSWORD);
        p.put(prefix + ".fhir-user", fhirUser);
        list(p, prefix + ".roles", roles);
        list(p, prefix + ".allowed-scopes", scopes);
    }

    private static void list(Map<String, String> p, String prefix, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            p.put(prefix + "[" + i + "]", values.get(i));
        }
    }

    private static RSAKey rsa() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS384)
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
                    .algorithm(JWSAlgorithm.ES384)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String jwks(RSAKey key) {
        return new JWKSet(key.toPublicJWK()).toString();
    }
}
