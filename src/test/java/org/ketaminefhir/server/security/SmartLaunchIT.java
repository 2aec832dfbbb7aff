package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.Tokens;
import org.ketaminefhir.server.support.Tokens.TokenResponse;

/**
 * The embedded authorization server as SMART apps use it, over HTTP: standalone launch (a patient signs in; a clinician
 * signs in and picks a patient), EHR launch with a launch id, refresh with rotation, and backend services; and what it
 * refuses.
 */
class SmartLaunchIT extends FhirServerTestBase {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final String PATIENT_SCOPES =
            "launch/patient openid fhirUser patient/*.rs offline_access sensitive/psy.read";

    @BeforeEach
    void patients() {
        putPatient(TestClinic.PATIENT_USER_PATIENT, "Avery");
        putPatient("launch-other", "Okonkwo");
    }

    @Test
    void aPatientSignsInAndTheAppGetsTheirContextAnIdTokenAndARefreshToken() {
        TokenResponse grant = AuthorizationCodeFlow.login(origin(), TestClinic.PATIENT_USER, PATIENT_SCOPES, Map.of());

        assertThat(grant.status()).as(grant.body()).isEqualTo(200);
        JsonNode answer = grant.json();
        assertThat(answer.get("patient").asText()).isEqualTo(TestClinic.PATIENT_USER_PATIENT);
        assertThat(answer.get("need_patient_banner").asBoolean()).isTrue();
        assertThat(answer.get("token_type").asText()).isEqualToIgnoringCase("Bearer");
        assertThat(answer.get("scope").asText().split(" "))
                .contains("patient/*.rs", "launch/patient", "sensitive/psy.read");
        assertThat(answer.hasNonNull("refresh_token")).isTrue();

        JsonNode access =
                AuthorizationCodeFlow.claims(answer.get("access_token").asText());
        assertThat(access.get("aud").toString()).contains(fhirBase());
        assertThat(access.get("iss").asText()).isEqualTo(origin());
        assertThat(access.get("scope").isTextual())
                .as("scope is a space-separated string")
                .isTrue();
        assertThat(access.get("patient").asText()).isEqualTo(TestClinic.PATIENT_USER_PATIENT);
        assertThat(access.get("fhirUser").asText())
                .isEqualTo(fhirBase() + "/Patient/" + TestClinic.PATIENT_USER_PATIENT);
        assertThat(access.get("client_id").asText()).isEqualTo(TestClinic.APP);
        assertThat(access.get("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());

        JsonNode id = AuthorizationCodeFlow.claims(answer.get("id_token").asText());
        assertThat(id.get("fhirUser").asText()).isEqualTo(fhirBase() + "/Patient/" + TestClinic.PATIENT_USER_PATIENT);
        assertThat(id.get("aud").toString()).contains(TestClinic.APP);

        Patient own = client(answer.get("access_token").asText())
                .read()
                .resource(Patient.class)
                .withId(TestClinic.PATIENT_USER_PATIENT)
                .execute();
        assertThat(own.getNameFirstRep().getFamily()).isEqualTo("Avery");
    }

    @Test
    void aPatientCannotGrantMoreThanTheirOwnRecord() {
        TokenResponse grant =
                AuthorizationCodeFlow.login(origin(), TestClinic.PATIENT_USER, PATIENT_SCOPES + " user/*.rs", Map.of());

        assertThat(grant.status()).isEqualTo(200);
        assertThat(grant.json().get("scope").asText().split(" "))
                .doesNotContain("user/*.rs")
                .contains("patient/*.rs");
    }

    @Test
    void aClinicianPicksThePatientInAStandaloneLaunch() {
        AuthorizationCodeFlow flow = new AuthorizationCodeFlow(origin(), TestClinic.APP, TestClinic.APP_REDIRECT);
        HttpResponse<String> answer =
                flow.signIn(TestClinic.CLINICIAN, TestClinic.PASSWORD, flow.authorize(PATIENT_SCOPES, Map.of()));

        assertThat(AuthorizationCodeFlow.location(answer)).contains("/smart/patient-picker");
        HttpResponse<String> afterPick = flow.pick(answer, "launch-other");
        TokenResponse grant = flow.exchange(flow.code(afterPick));

        assertThat(grant.status()).as(grant.body()).isEqualTo(200);
        assertThat(grant.json().get("patient").asText()).isEqualTo("launch-other");
        assertThat(AuthorizationCodeFlow.claims(grant.json().get("access_token").asText())
                        .get("fhirUser")
                        .asText())
                .endsWith("/Practitioner/test-clinician");
    }

    @Test
    void onlyAUserWhoMayReadPatientsSeesThePatientPicker() {
        for (String user : List.of(TestClinic.PATIENT_USER, TestClinic.AUDITOR)) {
            AuthorizationCodeFlow flow = new AuthorizationCodeFlow(origin(), TestClinic.APP, TestClinic.APP_REDIRECT);
            flow.signIn(user, TestClinic.PASSWORD, flow.authorize("openid", Map.of()));
            HttpResponse<String> picker = flow.get(origin() + "/smart/patient-picker?client_id=" + TestClinic.APP
                    + "&return="
                    + java.net.URLEncoder.encode("/oauth2/authorize?x=1", java.nio.charset.StandardCharsets.UTF_8));
            assertThat(picker.statusCode()).as(user).isEqualTo(403);
            assertThat(picker.body()).doesNotContain("Okonkwo");
        }
    }

    @Test
    void withoutAPatientInContextPatientScopesAreNotGranted() {
        TokenResponse grant = AuthorizationCodeFlow.login(
                origin(), TestClinic.CLINICIAN, "openid fhirUser user/*.rs patient/*.rs", Map.of());

        assertThat(grant.status()).isEqualTo(200);
        assertThat(grant.json().get("scope").asText().split(" "))
                .contains("user/*.rs")
                .doesNotContain("patient/*.rs");
        assertThat(grant.json().has("patient")).isFalse();
    }

    @Test
    void anEhrLaunchCarriesThePatientTheEhrChose() throws Exception {
        String clinicianToken = AuthorizationCodeFlow.login(
                        origin(), TestClinic.CLINICIAN, "openid fhirUser user/*.rs", Map.of())
                .json()
                .get("access_token")
                .asText();
        HttpResponse<String> launch = http.send(
                HttpRequest.newBuilder(URI.create(origin() + "/smart/launch"))
                        .header("Authorization", "Bearer " + clinicianToken)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("patient=launch-other"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(launch.statusCode()).as(launch.body()).isEqualTo(200);
        JsonNode context = new com.fasterxml.jackson.databind.ObjectMapper().readTree(launch.body());
        assertThat(context.get("iss").asText()).isEqualTo(fhirBase());

        TokenResponse grant = AuthorizationCodeFlow.login(
                origin(),
                TestClinic.CLINICIAN,
                "launch openid fhirUser patient/*.rs sensitive/psy.read",
                Map.of("launch", context.get("launch").asText()));

        assertThat(grant.status()).as(grant.body()).isEqualTo(200);
        assertThat(grant.json().get("patient").asText()).isEqualTo("launch-other");
        assertThat(grant.json().get("need_patient_banner").asBoolean())
                .as("the EHR shows its own banner")
                .isFalse();
        assertThat(AuthorizationCodeFlow.claims(grant.json().get("access_token").asText())
                        .get("patient")
                        .asText())
                .isEqualTo("launch-other");
    }

    @Test
    void anUnknownLaunchIdIsRefused() {
        AuthorizationCodeFlow flow = new AuthorizationCodeFlow(origin(), TestClinic.APP, TestClinic.APP_REDIRECT);
        HttpResponse<String> answer = flow.signIn(
                TestClinic.CLINICIAN,
                TestClinic.PASSWORD,
                flow.authorize("launch openid patient/*.rs", Map.of("launch", "no-such-launch")));

        assertThat(AuthorizationCodeFlow.location(answer))
                .startsWith(TestClinic.APP_REDIRECT)
                .contains("error=invalid_request");
    }

    @Test
    void theLaunchApiNeedsAUserTokenThatReadsPatients() throws Exception {
        String backend = Tokens.backend(origin(), Tokens.FULL);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(origin() + "/smart/launch"))
                        .header("Authorization", "Bearer " + backend)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("patient=launch-other"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(origin() + "/smart/launch"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("patient=launch-other"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void aRefreshTokenWorksOnceAndIsReplacedEachTime() {
        JsonNode first = AuthorizationCodeFlow.login(origin(), TestClinic.PATIENT_USER, PATIENT_SCOPES, Map.of())
                .json();
        String refresh1 = first.get("refresh_token").asText();

        // fhirclient refreshes without client_id: the server knows whose refresh token it is.
        TokenResponse second = refresh(refresh1, null);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        String refresh2 = second.json().get("refresh_token").asText();
        assertThat(refresh2).isNotEqualTo(refresh1);
        assertThat(AuthorizationCodeFlow.claims(
                                second.json().get("access_token").asText())
                        .get("patient")
                        .asText())
                .isEqualTo(TestClinic.PATIENT_USER_PATIENT);
        assertThat(second.json().get("patient").asText()).isEqualTo(TestClinic.PATIENT_USER_PATIENT);

        TokenResponse replay = refresh(refresh1, TestClinic.APP);
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.json().get("error").asText()).isEqualTo("invalid_grant");

        TokenResponse third = refresh(refresh2, TestClinic.APP);
        assertThat(third.status()).as(third.body()).isEqualTo(200);
    }

    @Test
    void noRefreshTokenWithoutOfflineAccess() {
        TokenResponse grant = AuthorizationCodeFlow.login(
                origin(), TestClinic.PATIENT_USER, "launch/patient openid patient/*.rs", Map.of());

        assertThat(grant.status()).isEqualTo(200);
        assertThat(grant.json().has("refresh_token")).isFalse();
    }

    @Test
    void theAuthorizationRequestMustNameThisServerAndUsePkceS256() {
        AuthorizationCodeFlow flow = new AuthorizationCodeFlow(origin(), TestClinic.APP, TestClinic.APP_REDIRECT);
        HttpResponse<String> otherServer =
                flow.authorize(PATIENT_SCOPES, Map.of("aud", "https://elsewhere.example/fhir"));
        HttpResponse<String> plainPkce = flow.authorize(PATIENT_SCOPES, Map.of("code_challenge_method", "plain"));
        HttpResponse<String> unregistered = flow.authorize("openid system/*.rs", Map.of());

        assertThat(AuthorizationCodeFlow.location(otherServer))
                .contains("error=invalid_request")
                .contains("aud");
        assertThat(AuthorizationCodeFlow.location(plainPkce)).contains("error=invalid_request");
        assertThat(AuthorizationCodeFlow.location(unregistered)).contains("error=invalid_scope");
    }

    @Test
    void aWrongPasswordGetsNoCode() {
        AuthorizationCodeFlow flow = new AuthorizationCodeFlow(origin(), TestClinic.APP, TestClinic.APP_REDIRECT);
        flow.authorize(PATIENT_SCOPES, Map.of());
        assertThat(flow.signInExpectingFailure(TestClinic.PATIENT_USER, "wrong-password"))
                .contains("/login?error");
    }

    @Test
    void backendServicesSignWithRs384OrEs384() {
        String rs = Tokens.backend(origin(), TestClinic.BACKEND, TestClinic.BACKEND_KEY, "system/Patient.rs");
        String es = Tokens.backend(origin(), TestClinic.BACKEND_ES, TestClinic.BACKEND_ES_KEY, "system/Patient.rs");

        for (String token : List.of(rs, es)) {
            JsonNode claims = AuthorizationCodeFlow.claims(token);
            assertThat(claims.get("scope").asText()).isEqualTo("system/Patient.rs");
            assertThat(claims.has("patient")).isFalse();
            assertThat(client(token)
                            .read()
                            .resource(Patient.class)
                            .withId(TestClinic.PATIENT_USER_PATIENT)
                            .execute())
                    .isNotNull();
        }
    }

    @Test
    void aBackendAssertionIsRefusedWhenReplayedTooLongOrForAnotherAudienceOrSignedByAnotherKey() {
        String assertion = Tokens.assertion(origin(), TestClinic.BACKEND, TestClinic.BACKEND_KEY, Map.of());
        TokenResponse first = Tokens.clientCredentials(
                origin(), TestClinic.BACKEND, TestClinic.BACKEND_KEY, "system/Patient.rs", assertion);
        TokenResponse replay = Tokens.clientCredentials(
                origin(), TestClinic.BACKEND, TestClinic.BACKEND_KEY, "system/Patient.rs", assertion);
        TokenResponse tooLong = Tokens.clientCredentials(
                origin(),
                TestClinic.BACKEND,
                TestClinic.BACKEND_KEY,
                "system/Patient.rs",
                Tokens.assertion(
                        origin(),
                        TestClinic.BACKEND,
                        TestClinic.BACKEND_KEY,
                        Map.of("exp", Instant.now().plusSeconds(3600).getEpochSecond())));
        TokenResponse otherAudience = Tokens.clientCredentials(
                origin(),
                TestClinic.BACKEND,
                TestClinic.BACKEND_KEY,
                "system/Patient.rs",
                Tokens.assertion(
                        origin(),
                        TestClinic.BACKEND,
                        TestClinic.BACKEND_KEY,
                        Map.of("aud", "https://elsewhere.example/token")));
        TokenResponse otherKey = Tokens.clientCredentials(
                origin(),
                TestClinic.BACKEND,
                TestClinic.BACKEND_KEY,
                "system/Patient.rs",
                Tokens.assertion(origin(), TestClinic.BACKEND, TestClinic.BACKEND_PLAIN_KEY, Map.of()));
        TokenResponse unregisteredScope = Tokens.clientCredentials(
                origin(),
                TestClinic.BACKEND_PLAIN,
                TestClinic.BACKEND_PLAIN_KEY,
                "system/*.rs sensitive/psy.read",
                Tokens.assertion(origin(), TestClinic.BACKEND_PLAIN, TestClinic.BACKEND_PLAIN_KEY, Map.of()));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        for (TokenResponse refused : List.of(replay, tooLong, otherAudience, otherKey)) {
            assertThat(refused.status()).as(refused.body()).isIn(400, 401);
            assertThat(refused.json().get("error").asText()).isEqualTo("invalid_client");
        }
        assertThat(unregisteredScope.status()).isEqualTo(400);
        assertThat(unregisteredScope.json().get("error").asText()).isEqualTo("invalid_scope");
    }

    private TokenResponse refresh(String refreshToken, String clientId) {
        Map<String, String> form = new java.util.LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        if (clientId != null) {
            form.put("client_id", clientId);
        }
        return Tokens.post(origin() + "/oauth2/token", form);
    }

    private void putPatient(String id, String family) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName().setFamily(family).addGiven("Test");
        client().update().resource(patient).execute();
    }

    static List<String> words(String text) {
        return Arrays.asList(text.split(" "));
    }
}
