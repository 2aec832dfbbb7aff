package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ketaminefhir.server.security.authserver.ClinicApps;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.Tokens;
import org.ketaminefhir.server.support.Tokens.TokenResponse;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * SMART Backend Services (SMART App Launch 2.x) and OAuth 2.0 (RFC 6749 §5.2, RFC 7523) at the token endpoint, as a
 * conformance tester tries them, over HTTP: every refusal is an OAuth error (JSON, {@code Cache-Control: no-store}),
 * 400 for a malformed request and 401 {@code invalid_client} when the client cannot be authenticated; empty and unknown
 * scopes are not granted; a {@code jku} must be the client's registered JWKS URL; and every claim of
 * {@code .well-known/smart-configuration} holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BackendServicesConformanceIT extends FhirServerTestBase {

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    /** A backend client registered with a JWKS URL (served here) instead of inline keys. */
    private static final String URL_CLIENT = "conformance-backend-jku";

    private static final RSAKey URL_CLIENT_KEY = rsa();

    @Autowired
    ClinicApps apps;

    private HttpServer jwksServer;
    private String jwksUrl;

    @BeforeAll
    void registerAClientWithAJwksUrl() throws Exception {
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(URL_CLIENT_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwksServer.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwksServer.start();
        jwksUrl = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json";
        if (!apps.isRegistered(URL_CLIENT)) {
            apps.register(new SecurityProperties.Client(
                    URL_CLIENT,
                    "Conformance backend (JWKS URL)",
                    "backend",
                    List.of(),
                    List.of("system/*.rs"),
                    null,
                    jwksUrl,
                    "RS384"));
        }
    }

    @AfterAll
    void stopJwksServer() {
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
    }

    // ---- 1. malformed requests: 400 invalid_request; unauthenticated clients: 401 invalid_client ----

    @Test
    void aMalformedTokenRequestIsA400InvalidRequest() throws Exception {
        String scope = "system/Patient.rs";
        Map<String, String> good = backendForm(scope, assertion(Map.of()));

        Answer asJson = post(json.writeValueAsString(good), "application/json");
        Answer asText = post(form(good), "text/plain");
        Answer noContentType = post(form(good), null);
        Map<String, String> noType = new LinkedHashMap<>(good);
        noType.remove("client_assertion_type");
        noType.put("client_assertion", assertion(Map.of()));
        Answer withoutAssertionType = post(form(noType), FORM);
        Map<String, String> wrongType = new LinkedHashMap<>(good);
        wrongType.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");
        wrongType.put("client_assertion", assertion(Map.of()));
        Answer withWrongAssertionType = post(form(wrongType), FORM);
        Map<String, String> noAssertion = new LinkedHashMap<>(good);
        noAssertion.remove("client_assertion");
        Answer typeWithoutAssertion = post(form(noAssertion), FORM);
        Map<String, String> noGrant = backendForm(scope, assertion(Map.of()));
        noGrant.remove("grant_type");
        Answer withoutGrantType = post(form(noGrant), FORM);

        for (Answer answer : List.of(
                asJson,
                asText,
                noContentType,
                withoutAssertionType,
                withWrongAssertionType,
                typeWithoutAssertion,
                withoutGrantType)) {
            answer.assertOAuthError(400, "invalid_request");
        }
    }

    @Test
    void aClientThatCannotBeAuthenticatedIsA401InvalidClient() throws Exception {
        String scope = "system/Patient.rs";
        Answer badSignature = post(
                form(backendForm(
                        scope, Tokens.assertion(origin(), TestClinic.BACKEND, TestClinic.BACKEND_PLAIN_KEY, Map.of()))),
                FORM);
        Answer unknownClient = post(
                form(backendForm(
                        scope, Tokens.assertion(origin(), "no-such-client", TestClinic.BACKEND_KEY, Map.of()))),
                FORM);
        Answer notAJwt = post(form(backendForm(scope, "not-a-jwt")), FORM);
        Answer noClientAuthentication = post(form(Map.of("grant_type", "client_credentials", "scope", scope)), FORM);
        Answer basicForABackendClient = send(HttpRequest.newBuilder(URI.create(origin() + "/oauth2/token"))
                .header("Content-Type", FORM)
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (TestClinic.BACKEND + ":guess").getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(
                        form(Map.of("grant_type", "client_credentials", "scope", scope))))
                .build());

        for (Answer answer :
                List.of(badSignature, unknownClient, notAJwt, noClientAuthentication, basicForABackendClient)) {
            answer.assertOAuthError(401, "invalid_client");
        }
    }

    // ---- 2. scopes: nothing empty, nothing unknown ----

    @Test
    void anEmptyOrMissingScopeIsRefusedWithInvalidScope() throws Exception {
        Answer empty = post(form(backendForm("", assertion(Map.of()))), FORM);
        Map<String, String> missing = backendForm("x", assertion(Map.of()));
        missing.remove("scope");
        Answer absent = post(form(missing), FORM);
        Answer blank = post(form(backendForm("   ", assertion(Map.of()))), FORM);

        for (Answer answer : List.of(empty, absent, blank)) {
            answer.assertOAuthError(400, "invalid_scope");
        }
    }

    @Test
    void aScopeNamingAnUnknownResourceTypeIsNeverGranted() throws Exception {
        Answer onlyUnknown = post(form(backendForm("system/UnknownResource.read", assertion(Map.of()))), FORM);
        Answer unknownV2 = post(form(backendForm("system/Foo.rs system/Bar.cruds", assertion(Map.of()))), FORM);
        onlyUnknown.assertOAuthError(400, "invalid_scope");
        unknownV2.assertOAuthError(400, "invalid_scope");

        // Some grantable, some not: the narrower scope is granted and returned (RFC 6749 §3.3).
        Answer mixed = post(
                form(backendForm(
                        "system/Patient.rs system/UnknownResource.read system/Observation.read", assertion(Map.of()))),
                FORM);
        assertThat(mixed.status()).as(mixed.body()).isEqualTo(200);
        assertThat(mixed.json().get("scope").asText().split(" "))
                .containsExactlyInAnyOrder("system/Patient.rs", "system/Observation.read");
        JsonNode claims =
                AuthorizationCodeFlow.claims(mixed.json().get("access_token").asText());
        assertThat(claims.get("scope").asText()).doesNotContain("UnknownResource");
        assertThat(mixed.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void aUserAppIsNeverGrantedAScopeNamingAnUnknownResourceType() {
        TokenResponse grant = AuthorizationCodeFlow.login(
                origin(),
                TestClinic.CLINICIAN,
                "openid fhirUser user/Patient.rs user/UnknownResource.rs patient/NoSuchType.read",
                Map.of());

        assertThat(grant.status()).as(grant.body()).isEqualTo(200);
        assertThat(grant.json().get("scope").asText()).doesNotContain("UnknownResource", "NoSuchType");
        assertThat(grant.json().get("scope").asText().split(" ")).contains("user/Patient.rs", "openid");
    }

    // ---- 3. jku ----

    @Test
    void aJkuOtherThanTheRegisteredJwksUrlIsRefused() throws Exception {
        Answer noJku = post(form(backendForm("system/Patient.rs", urlClientAssertion(null))), FORM);
        Answer registeredJku = post(form(backendForm("system/Patient.rs", urlClientAssertion(jwksUrl))), FORM);
        Answer otherJku = post(
                form(backendForm("system/Patient.rs", urlClientAssertion("https://attacker.example/jwks.json"))), FORM);

        assertThat(noJku.status()).as(noJku.body()).isEqualTo(200);
        assertThat(registeredJku.status()).as(registeredJku.body()).isEqualTo(200);
        otherJku.assertOAuthError(401, "invalid_client");
    }

    @Test
    void aClientWithInlineKeysAcceptsNoJku() throws Exception {
        String withJku = sign(
                TestClinic.BACKEND_KEY,
                JWSAlgorithm.RS384,
                URI.create(origin() + "/oauth2/jwks"),
                claims(TestClinic.BACKEND));

        post(form(backendForm("system/Patient.rs", withJku)), FORM).assertOAuthError(401, "invalid_client");
    }

    // ---- 4. discovery: each claim holds ----

    @Test
    void everyGrantTypeDeclaredWorksAndNoOtherIsAccepted() throws Exception {
        JsonNode smart = discovery();
        assertThat(strings(smart, "grant_types_supported"))
                .containsExactlyInAnyOrder("authorization_code", "client_credentials", "refresh_token");

        // client_credentials
        assertThat(post(form(backendForm("system/Patient.rs", assertion(Map.of()))), FORM)
                        .status())
                .isEqualTo(200);
        // authorization_code, then refresh_token
        TokenResponse code = AuthorizationCodeFlow.login(
                origin(), TestClinic.PATIENT_USER, "launch/patient openid patient/*.rs offline_access", Map.of());
        assertThat(code.status()).as(code.body()).isEqualTo(200);
        TokenResponse refreshed = Tokens.post(
                origin() + "/oauth2/token",
                Map.of(
                        "grant_type",
                        "refresh_token",
                        "refresh_token",
                        code.json().get("refresh_token").asText()));
        assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(200);

        for (String undeclared : List.of(
                "password",
                "implicit",
                "urn:ietf:params:oauth:grant-type:jwt-bearer",
                "urn:ietf:params:oauth:grant-type:token-exchange",
                "urn:ietf:params:oauth:grant-type:device_code",
                "urn:example:no-such-grant")) {
            Map<String, String> request = backendForm("system/Patient.rs", assertion(Map.of()));
            request.put("grant_type", undeclared);
            post(form(request), FORM).assertOAuthError(400, "unsupported_grant_type");
        }
    }

    @Test
    void exactlyTheDeclaredSigningAlgorithmsAreAcceptedOnClientAssertions() throws Exception {
        JsonNode smart = discovery();
        List<String> declared = strings(smart, "token_endpoint_auth_signing_alg_values_supported");
        assertThat(declared).containsExactlyInAnyOrder("RS384", "ES384");

        // RS384 and ES384 are accepted (test-backend signs RS384, test-backend-es ES384)
        assertThat(Tokens.clientCredentials(
                                origin(),
                                TestClinic.BACKEND,
                                TestClinic.BACKEND_KEY,
                                "system/Patient.rs",
                                Tokens.assertion(origin(), TestClinic.BACKEND, TestClinic.BACKEND_KEY, Map.of()))
                        .status())
                .isEqualTo(200);
        assertThat(Tokens.clientCredentials(
                                origin(),
                                TestClinic.BACKEND_ES,
                                TestClinic.BACKEND_ES_KEY,
                                "system/Patient.rs",
                                Tokens.assertion(origin(), TestClinic.BACKEND_ES, TestClinic.BACKEND_ES_KEY, Map.of()))
                        .status())
                .isEqualTo(200);
        // Undeclared RSA algorithms, with the client's own key, are refused
        for (JWSAlgorithm undeclared : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS512, JWSAlgorithm.PS384)) {
            String assertion = sign(TestClinic.BACKEND_KEY, undeclared, null, claims(TestClinic.BACKEND));
            post(form(backendForm("system/Patient.rs", assertion)), FORM).assertOAuthError(401, "invalid_client");
        }
        // An unsigned assertion (alg none) is refused
        String unsigned = new com.nimbusds.jwt.PlainJWT(claims(TestClinic.BACKEND)).serialize();
        post(form(backendForm("system/Patient.rs", unsigned)), FORM).assertOAuthError(401, "invalid_client");
    }

    @Test
    void theDeclaredClientAuthenticationMethodsAreTheOnlyOnes() throws Exception {
        JsonNode smart = discovery();
        assertThat(strings(smart, "token_endpoint_auth_methods_supported"))
                .containsExactlyInAnyOrder("private_key_jwt", "none");
        // private_key_jwt: a backend client; none: the public app's code exchange (with PKCE) in the grant test.
        Answer secretPost = post(
                form(Map.of(
                        "grant_type",
                        "client_credentials",
                        "scope",
                        "system/Patient.rs",
                        "client_id",
                        TestClinic.BACKEND,
                        "client_secret",
                        "guess")),
                FORM);
        secretPost.assertOAuthError(401, "invalid_client");
        // A public client cannot use client_credentials.
        Answer publicCredentials = post(
                form(Map.of(
                        "grant_type", "client_credentials", "scope", "system/Patient.rs", "client_id", TestClinic.APP)),
                FORM);
        assertThat(publicCredentials.status()).isIn(400, 401);
        assertThat(publicCredentials.json().get("error").asText()).isIn("invalid_client", "unauthorized_client");
    }

    @Test
    void onlyS256PkceIsDeclaredAndPlainIsRefused() throws Exception {
        JsonNode smart = discovery();
        assertThat(strings(smart, "code_challenge_methods_supported")).containsExactly("S256");
        AuthorizationCodeFlow flow = new AuthorizationCodeFlow(origin(), TestClinic.APP, TestClinic.APP_REDIRECT);
        assertThat(AuthorizationCodeFlow.location(
                        flow.authorize("openid patient/*.rs launch/patient", Map.of("code_challenge_method", "plain"))))
                .contains("error=invalid_request");
        assertThat(AuthorizationCodeFlow.location(flow.authorize(
                        "openid patient/*.rs launch/patient",
                        java.util.Collections.singletonMap("code_challenge", null))))
                .as("PKCE is required")
                .contains("error=invalid_request");
    }

    @Test
    void everyScopeDeclaredCanBeGrantedAndTheCapabilitiesAreExactlyTheTestedOnes() throws Exception {
        JsonNode smart = discovery();
        Set<String> declared = new TreeSet<>(strings(smart, "scopes_supported"));

        Set<String> system = declared.stream()
                .filter(s -> s.startsWith("system/") || s.startsWith("sensitive/"))
                .collect(Collectors.toCollection(TreeSet::new));
        Answer backend = post(form(backendForm(String.join(" ", system), assertion(Map.of()))), FORM);
        assertThat(backend.status()).as(backend.body()).isEqualTo(200);
        assertThat(backend.json().get("scope").asText().split(" ")).containsExactlyInAnyOrderElementsOf(system);

        Set<String> user = new TreeSet<>(declared);
        user.removeAll(system);
        // launch/patient and patient/ scopes need a patient in context: a patient user's; the rest a clinician's.
        Set<String> patientScopes = user.stream()
                .filter(s -> s.startsWith("patient/") || s.equals("launch/patient"))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> clinicianScopes = new TreeSet<>(user);
        clinicianScopes.removeAll(patientScopes);
        TokenResponse clinician = AuthorizationCodeFlow.login(
                origin(), TestClinic.CLINICIAN, String.join(" ", clinicianScopes), Map.of());
        assertThat(clinician.status()).as(clinician.body()).isEqualTo(200);
        TokenResponse patient = AuthorizationCodeFlow.login(
                origin(), TestClinic.PATIENT_USER, "openid " + String.join(" ", patientScopes), Map.of());
        assertThat(patient.status()).as(patient.body()).isEqualTo(200);
        Set<String> all =
                new TreeSet<>(Set.of(clinician.json().get("scope").asText().split(" ")));
        all.addAll(Set.of(patient.json().get("scope").asText().split(" ")));
        assertThat(all).containsAll(user);

        assertThat(strings(smart, "capabilities"))
                .as("each capability has a test: see docs/security.md, SMART Backend Services conformance")
                .containsExactlyInAnyOrder(
                        "launch-ehr",
                        "launch-standalone",
                        "client-public",
                        "client-confidential-asymmetric",
                        "context-ehr-patient",
                        "context-standalone-patient",
                        "context-banner",
                        "context-passthrough-banner",
                        "sso-openid-connect",
                        "permission-offline",
                        "permission-patient",
                        "permission-user",
                        "permission-v1",
                        "permission-v2");
        assertThat(strings(smart, "response_types_supported")).containsExactly("code");
    }

    // ---- helpers ----

    private JsonNode discovery() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/.well-known/smart-configuration"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String assertion(Map<String, Object> overrides) {
        return Tokens.assertion(origin(), TestClinic.BACKEND, TestClinic.BACKEND_KEY, overrides);
    }

    private String urlClientAssertion(String jku) throws Exception {
        return sign(URL_CLIENT_KEY, JWSAlgorithm.RS384, jku == null ? null : URI.create(jku), claims(URL_CLIENT));
    }

    private JWTClaimsSet claims(String clientId) {
        return new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(origin() + "/oauth2/token")
                .expirationTime(Date.from(Instant.now().plusSeconds(240)))
                .jwtID(UUID.randomUUID().toString())
                .build();
    }

    private static String sign(RSAKey key, JWSAlgorithm algorithm, URI jku, JWTClaimsSet claims) {
        try {
            JWSHeader.Builder header =
                    new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT);
            if (jku != null) {
                header.jwkURL(jku);
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> backendForm(String scope, String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", scope);
        form.put("client_assertion_type", JWT_BEARER);
        form.put("client_assertion", assertion);
        return form;
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private Answer post(String body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin() + "/oauth2/token"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    private static Answer send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = null;
        try {
            parsed = response.body().isBlank() ? null : json.readTree(response.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
            // left null: the assertions say so
        }
        return new Answer(response.statusCode(), response.body(), parsed, response.headers());
    }

    /** The token endpoint's answer with its headers. */
    record Answer(int status, String body, JsonNode json, java.net.http.HttpHeaders headers) {

        void assertOAuthError(int expectedStatus, String expectedError) {
            assertThat(status).as(body).isEqualTo(expectedStatus);
            assertThat(headers.firstValue("Content-Type").orElse("")).as(body).startsWith("application/json");
            assertThat(json).as("an OAuth error object: " + body).isNotNull();
            assertThat(json.path("error").asText()).as(body).isEqualTo(expectedError);
            assertThat(json.path("error_description").asText()).as(body).isNotBlank();
            assertThat(json.has("access_token")).isFalse();
            assertThat(headers.firstValue("Cache-Control").orElse("")).as(body).contains("no-store");
        }
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        node.path(field).forEach(v -> values.add(v.asText()));
        return values;
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
}
