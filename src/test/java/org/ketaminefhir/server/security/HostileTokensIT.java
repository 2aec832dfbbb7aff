package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.ServerKeys;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.Tokens;

/**
 * Bad and hostile tokens: none is accepted, each gets its documented status (401 for a token that is not valid, 400
 * for a token sent in the URL or the body, 403 for a valid token whose scopes grant nothing) with an OperationOutcome
 * and a {@code WWW-Authenticate} header, nothing is stored, and every refusal is in the audit trail.
 */
class HostileTokensIT extends FhirServerTestBase {

    private static final HttpClient http = HttpClient.newHttpClient();

    private record Attempt(String kind, int status, Function<String, HttpRequest> request) {}

    @Test
    void noBadTokenIsAcceptedAndNothingIsStored() throws Exception {
        String family = "Hostile" + UUID.randomUUID().toString().substring(0, 8);
        RSAKey serverKey = ServerKeys.signingKey(TestDatabases.shared());
        RSAKey otherKey =
                new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        RSAKey otherKeySameKid =
                new RSAKeyGenerator(2048).keyID(serverKey.getKeyID()).generate();
        String valid = Tokens.backend(origin(), Tokens.FULL);
        var login = AuthorizationCodeFlow.login(
                        origin(),
                        TestClinic.PATIENT_USER,
                        "launch/patient openid fhirUser patient/*.rs offline_access",
                        Map.of())
                .json();

        List<Attempt> attempts = new ArrayList<>();
        attempts.add(bearer("no token at all", 401, null));
        attempts.add(bearer(
                "expired",
                401,
                sign(serverKey, claims().expirationTime(ago(600)).notBeforeTime(ago(1200)))));
        attempts.add(bearer("not yet valid", 401, sign(serverKey, claims().notBeforeTime(ahead(600)))));
        attempts.add(bearer("wrong issuer", 401, sign(serverKey, claims().issuer("https://attacker.example"))));
        attempts.add(
                bearer("wrong audience", 401, sign(serverKey, claims().audience("https://other-api.example/fhir"))));
        attempts.add(bearer(
                "no audience (a token for another client)", 401, sign(serverKey, claims().audience((String) null))));
        attempts.add(bearer("no exp", 401, sign(serverKey, claims().expirationTime(null))));
        attempts.add(bearer("alg none", 401, new PlainJWT(claims().build()).serialize()));
        attempts.add(bearer("HS256 signed with the server's public key", 401, hs256WithPublicKey(serverKey)));
        attempts.add(bearer("tampered payload", 401, tampered(valid)));
        attempts.add(bearer("unknown kid", 401, sign(otherKey, claims())));
        attempts.add(bearer("another key under the server's kid", 401, sign(otherKeySameKid, claims())));
        attempts.add(bearer("malformed JWT", 401, "not.a-jwt"));
        attempts.add(bearer("random garbage", 401, "%%%"));
        attempts.add(bearer(
                "ID token used as access token", 401, login.get("id_token").asText()));
        attempts.add(bearer(
                "refresh token used as access token",
                401,
                login.get("refresh_token").asText()));
        attempts.add(bearer(
                "patient scope without a patient claim",
                401,
                sign(serverKey, claims().claim("scope", "patient/*.cruds"))));
        attempts.add(bearer("scope claim that is a number", 401, sign(serverKey, claims().claim("scope", 42))));
        attempts.add(
                bearer(
                        "scope string with junk only",
                        403,
                        sign(
                                serverKey,
                                claims().claim(
                                                "scope",
                                                "system/Patient.xyz system/.rs user/*.rw system/Patient.read?x=1 DROP TABLE"))));
        attempts.add(new Attempt(
                "token in the query string",
                400,
                f -> HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient?access_token=" + valid))
                        .header("Content-Type", "application/fhir+json")
                        .POST(body(f))
                        .build()));
        attempts.add(new Attempt(
                "token in a form body",
                400,
                f -> HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/_search"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "family=" + f + "&access_token=" + URLEncoder.encode(valid, StandardCharsets.UTF_8)))
                        .build()));
        attempts.add(new Attempt(
                "Basic instead of Bearer",
                401,
                f -> HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                        .header("Content-Type", "application/fhir+json")
                        .POST(body(f))
                        .build()));
        attempts.add(bearer("empty bearer", 401, ""));

        assertThat(attempts).hasSizeGreaterThanOrEqualTo(16);
        for (Attempt attempt : attempts) {
            String requestId = "hostile-" + UUID.randomUUID();
            HttpRequest request = attempt.request().apply(family);
            HttpRequest withId = HttpRequest.newBuilder(request, (n, v) -> true)
                    .header("X-Request-Id", requestId)
                    .build();
            HttpResponse<String> response = http.send(withId, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode())
                    .as(attempt.kind() + ": " + response.body())
                    .isEqualTo(attempt.status());
            OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
            assertThat(outcome.getIssueFirstRep().getDiagnostics())
                    .as(attempt.kind())
                    .isNotBlank();
            String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
            assertThat(challenge).as(attempt.kind()).startsWith("Bearer");
            if (attempt.status() == 403) {
                assertThat(challenge).as(attempt.kind()).contains("insufficient_scope");
            } else if (attempt.status() == 400) {
                assertThat(challenge).as(attempt.kind()).contains("invalid_request");
            } else if (!List.of("no token at all", "Basic instead of Bearer").contains(attempt.kind())) {
                // RFC 6750 3.1: a request without bearer credentials gets the challenge without an error code.
                assertThat(challenge).as(attempt.kind()).contains("invalid_token");
            }
            assertThat(auditedOutcome(requestId))
                    .as(attempt.kind() + " is audited as a failure")
                    .isEqualTo("4");
        }

        Bundle stored = client().search()
                .forResource(Patient.class)
                .where(Patient.FAMILY.matchesExactly().value(family))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(stored.getEntry()).as("nothing stored by any bad token").isEmpty();
    }

    @Test
    void theCapabilityStatementAndDiscoveryStayPublicAndNothingElseDoes() throws Exception {
        for (String path : List.of("/metadata", "/.well-known/smart-configuration")) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(fhirBase() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
        }
        for (String path : List.of(
                "/Patient",
                "/Observation?code=x",
                "/AuditEvent",
                "/Patient/x/$everything",
                "/StructureDefinition",
                "/_history",
                "",
                "/Patient/x/_history",
                "/$meta")) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(fhirBase() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> delete = http.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient/" + TestClinic.PATIENT_USER_PATIENT))
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).isEqualTo(401);
    }

    private Attempt bearer(String kind, int status, String token) {
        return new Attempt(kind, status, family -> {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(fhirBase() + "/Patient"))
                    .header("Content-Type", "application/fhir+json")
                    .POST(body(family));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            return builder.build();
        });
    }

    private static HttpRequest.BodyPublisher body(String family) {
        return HttpRequest.BodyPublishers.ofString(
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
    }

    /** Claims a valid system token would carry, for editing. */
    private JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(origin())
                .subject(TestClinic.BACKEND)
                .audience(fhirBase())
                .claim("scope", "system/*.cruds sensitive/psy.read")
                .claim("client_id", TestClinic.BACKEND)
                .issueTime(new Date())
                .notBeforeTime(ago(5))
                .expirationTime(ahead(300))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String sign(RSAKey key, JWTClaimsSet.Builder claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private String hs256WithPublicKey(RSAKey serverKey) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(serverKey.getKeyID())
                        .build(),
                claims().build());
        jwt.sign(new MACSigner(serverKey.toRSAPublicKey().getEncoded()));
        return jwt.serialize();
    }

    /** The same token with a wider scope written into its payload, signature untouched. */
    private static String tampered(String token) throws Exception {
        String[] parts = token.split("\\.");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var claims = (com.fasterxml.jackson.databind.node.ObjectNode)
                json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        claims.put("scope", "user/*.cruds system/*.cruds system/AuditEvent.rs sensitive/psy.read");
        String payload = json.writeValueAsString(claims);
        assertThat(payload).isNotEqualTo(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    private static String auditedOutcome(String requestId) throws Exception {
        try (Connection connection = TestDatabases.shared().connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT outcome FROM ket_audit_event WHERE resource LIKE ?")) {
            query.setString(1, "%" + requestId + "%");
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static Date ago(int seconds) {
        return Date.from(Instant.now().minusSeconds(seconds));
    }

    private static Date ahead(int seconds) {
        return Date.from(Instant.now().plusSeconds(seconds));
    }
}
