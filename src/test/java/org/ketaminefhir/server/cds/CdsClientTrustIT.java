package org.ketaminefhir.server.cds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.support.CdsClients;
import org.ketaminefhir.server.support.CdsResponses;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.ServerKeys;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestDatabases;

/**
 * Who may call the CDS service (CDS Hooks 2.0, "Trusting CDS Clients"): a JWT signed by a trusted EHR or by the FHIR
 * endpoint's token issuer, RS256, RS384 or ES384, for this service, not expired, short-lived, used once (also across
 * two servers). Every other call is a 401 that says why; malformed requests from a trusted client are 400s.
 */
class CdsClientTrustIT extends FhirServerTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SERVICE = KetamineOrderCheck.ORDER_SIGN_SERVICE;
    /** Every answer this class receives, checked against the CDS Hooks JSON schemas when it ends. */
    private static final CdsResponses RESPONSES = new CdsResponses("CdsClientTrustIT");

    @AfterAll
    static void everyAnswerFollowsTheCdsHooksSchemas() {
        RESPONSES.assertAllConform();
    }

    private String aud() {
        return origin() + "/cds-services/" + SERVICE;
    }

    /** A well-formed order-sign request for a new patient of the clinic (no cards expected, none needed). */
    private String body() {
        String patient = "Patient/" + UUID.randomUUID();
        ObjectNode request = CdsOrderCheckIT.JSON.createObjectNode();
        request.put("hookInstance", UUID.randomUUID().toString());
        request.put("hook", "order-sign");
        request.put("fhirServer", fhirBase());
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/example");
        context.put("patientId", patient.substring("Patient/".length()));
        org.hl7.fhir.r4.model.Bundle orders =
                new org.hl7.fhir.r4.model.Bundle().setType(org.hl7.fhir.r4.model.Bundle.BundleType.COLLECTION);
        orders.addEntry()
                .setResource(CdsOrderCheckIT.racemicOrder(patient, Instant.now(), "0.5", "mg/kg", CdsOrderCheckIT.IV));
        context.set("draftOrders", CdsOrderCheckIT.fhirJson(orders));
        return request.toString();
    }

    private HttpResponse<String> post(String url, String body, String jwt) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (jwt != null) {
            request.header("Authorization", "Bearer " + jwt);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        RESPONSES.received(CdsResponses.Kind.SERVICE, url.substring(url.lastIndexOf('/') + 1), response);
        return response;
    }

    private HttpResponse<String> call(String jwt) throws Exception {
        return post(aud(), body(), jwt);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"RS256", "RS384", "ES384"})
    void aTrustedEhrsJwtIsAcceptedWithEachRecommendedAlgorithm(String algorithm) throws Exception {
        JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
        String jwt = CdsClients.jwt(
                alg, alg == JWSAlgorithm.ES384 ? CdsClients.EHR_EC : CdsClients.EHR_RSA, aud(), Map.of());

        HttpResponse<String> response = call(jwt);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"cards\"");
    }

    @Test
    void theFhirEndpointsTokenIssuerIsTrustedToo() throws Exception {
        String jwt = CdsClients.sign(
                JWSAlgorithm.RS256,
                ServerKeys.signingKey(TestDatabases.shared()),
                new JWTClaimsSet.Builder()
                        .issuer(origin())
                        .subject("clinic-ehr")
                        .audience(aud())
                        .issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(120)))
                        .jwtID(UUID.randomUUID().toString())
                        .build());

        assertThat(call(jwt).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
			no Authorization header            | none          | must send a JWT it signed
			not a JWT                          | garbage       | not a signed JWT
			expired                            | expired       | has expired
			for another service                | otherAudience | aud must be the service's URL
			more than 5 minutes ahead          | longLived     | more than 5 minutes ahead
			no jti                             | noJti         | misses required claims
			no iat                             | noIat         | misses required claims
			an issuer nobody trusts            | foreignIssuer | is not a trusted CDS client
			a trusted issuer, an unknown key   | foreignKey    | signature does not verify
			HS256                              | hs256         | accepted: RS256, RS384, ES384
			""")
    void everyOtherCallIsRefusedWith401SayingWhy(String name, String kind, String why) throws Exception {
        HttpResponse<String> response = call(badJwt(kind));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).contains(why);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .get()
                .asString()
                .startsWith("Bearer error=\"invalid_token\"");
    }

    private String badJwt(String kind) throws Exception {
        Instant now = Instant.now();
        return switch (kind) {
            case "none" -> null;
            case "garbage" -> "not.a.jwt";
            case "expired" ->
                CdsClients.jwt(
                        JWSAlgorithm.RS384,
                        CdsClients.EHR_RSA,
                        aud(),
                        Map.of("exp", Date.from(now.minusSeconds(300)), "iat", Date.from(now.minusSeconds(600))));
            case "otherAudience" -> CdsClients.jwt(origin() + "/cds-services/another-service");
            case "longLived" ->
                CdsClients.jwt(
                        JWSAlgorithm.RS384, CdsClients.EHR_RSA, aud(), Map.of("exp", Date.from(now.plusSeconds(3600))));
            case "noJti" ->
                CdsClients.sign(
                        JWSAlgorithm.RS384,
                        CdsClients.EHR_RSA,
                        new JWTClaimsSet.Builder()
                                .issuer(CdsClients.EHR)
                                .subject("x")
                                .audience(aud())
                                .issueTime(new Date())
                                .expirationTime(Date.from(now.plusSeconds(120)))
                                .build());
            case "noIat" ->
                CdsClients.sign(
                        JWSAlgorithm.RS384,
                        CdsClients.EHR_RSA,
                        new JWTClaimsSet.Builder()
                                .issuer(CdsClients.EHR)
                                .subject("x")
                                .audience(aud())
                                .jwtID(UUID.randomUUID().toString())
                                .expirationTime(Date.from(now.plusSeconds(120)))
                                .build());
            case "foreignIssuer" ->
                CdsClients.jwt(
                        JWSAlgorithm.RS384, CdsClients.UNTRUSTED, aud(), Map.of("iss", "https://attacker.example"));
            case "foreignKey" -> CdsClients.jwt(JWSAlgorithm.RS384, CdsClients.UNTRUSTED, aud(), Map.of());
            case "hs256" -> {
                OctetSequenceKey secret =
                        new OctetSequenceKeyGenerator(256).keyID("hmac").generate();
                yield CdsClients.jwt(JWSAlgorithm.HS256, secret, aud(), Map.of());
            }
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @Test
    void aJwtIsAcceptedOnceEvenAcrossTwoServers() throws Exception {
        String jwt = CdsClients.jwt(aud());
        assertThat(call(jwt).statusCode()).isEqualTo(200);

        HttpResponse<String> again = call(jwt);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("has been used before");

        // The second server answers for the same public address, so the JWT's aud is right there too.
        StandaloneServer second = secondServer();
        HttpResponse<String> elsewhere =
                post("http://127.0.0.1:" + second.port() + "/cds-services/" + SERVICE, body(), jwt);
        assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(401);
        assertThat(elsewhere.body()).contains("has been used before");
        String fresh = CdsClients.jwt(aud());
        assertThat(post("http://127.0.0.1:" + second.port() + "/cds-services/" + SERVICE, body(), fresh)
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void everyCallIsAuditedWithTheEhrAndThePatientAndRefusalsWithTheReason() throws Exception {
        String body = body();
        String patient = "Patient/"
                + CdsOrderCheckIT.JSON
                        .readTree(body)
                        .path("context")
                        .path("patientId")
                        .asText();
        assertThat(post(aud(), body, CdsClients.jwt(aud())).statusCode()).isEqualTo(200);
        String refusedBody = body();
        assertThat(post(aud(), refusedBody, CdsClients.jwt(JWSAlgorithm.RS384, CdsClients.UNTRUSTED, aud(), Map.of()))
                        .statusCode())
                .isEqualTo(401);

        org.hl7.fhir.r4.model.Bundle trail = client().search()
                .byUrl("AuditEvent?patient=" + patient)
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                .execute();
        assertThat(trail.getEntry()).hasSize(1);
        org.hl7.fhir.r4.model.AuditEvent call =
                (org.hl7.fhir.r4.model.AuditEvent) trail.getEntryFirstRep().getResource();
        assertThat(call.getSubtypeFirstRep().getCode()).isEqualTo("cds-service-call");
        assertThat(call.getOutcome()).isEqualTo(org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome._0);
        assertThat(call.getAgentFirstRep().getWho().getIdentifier().getSystem()).isEqualTo(CdsClients.EHR);
        assertThat(call.getAgentFirstRep().getWho().getIdentifier().getValue()).isEqualTo("ehr-cds-client");
        assertThat(call.getEntity())
                .extracting(e -> e.getWhat().getIdentifier().getValue())
                .contains(aud());

        org.hl7.fhir.r4.model.Bundle refusals = client().search()
                .byUrl("AuditEvent?subtype=cds-service-call&outcome=4&_count=50&_sort=-date")
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                .execute();
        assertThat(refusals.getEntry())
                .extracting(e -> ((org.hl7.fhir.r4.model.AuditEvent) e.getResource()).getOutcomeDesc())
                .anyMatch(desc ->
                        desc.startsWith("HTTP 401: the JWT's signature does not verify with any key of its issuer"));
    }

    @Test
    void aRefusedJwtDoesNotSpendItsJti() throws Exception {
        String jti = UUID.randomUUID().toString();
        String wrongAudience = CdsClients.jwt(
                JWSAlgorithm.RS384, CdsClients.EHR_RSA, origin() + "/cds-services/x", Map.of("jti", jti));
        assertThat(call(wrongAudience).statusCode()).isEqualTo(401);

        assertThat(call(CdsClients.jwt(JWSAlgorithm.RS384, CdsClients.EHR_RSA, aud(), Map.of("jti", jti)))
                        .statusCode())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
			not JSON                  | {"hook":                                                                   | not a JSON object
			a JSON array              | []                                                                         | hookInstance
			no hookInstance           | {"hook":"order-sign","context":{}}                                         | hookInstance
			no context                | {"hookInstance":"1","hook":"order-sign"}                                   | context
			no patientId              | {"hookInstance":"1","hook":"order-sign","fhirServer":"{fhir}","context":{"draftOrders":{"resourceType":"Bundle","type":"collection"}}} | patientId
			a numeric patientId       | {"hookInstance":"1","hook":"order-sign","fhirServer":"{fhir}","context":{"patientId":5,"draftOrders":{"resourceType":"Bundle","type":"collection"}}} | patientId
			no draftOrders            | {"hookInstance":"1","hook":"order-sign","fhirServer":"{fhir}","context":{"patientId":"p1"}}     | draftOrders
			draftOrders not a Bundle  | {"hookInstance":"1","hook":"order-sign","fhirServer":"{fhir}","context":{"patientId":"p1","draftOrders":{"resourceType":"Patient"}}} | draftOrders
			draftOrders a string      | {"hookInstance":"1","hook":"order-sign","fhirServer":"{fhir}","context":{"patientId":"p1","draftOrders":"x"}} | draftOrders
			draftOrders not FHIR      | {"hookInstance":"1","hook":"order-sign","fhirServer":"{fhir}","context":{"patientId":"p1","draftOrders":{"resourceType":"Nonsense"}}} | Unknown resource name
			an https-less fhirServer elsewhere | {"hookInstance":"1","hook":"order-sign","fhirServer":"http://127.0.0.1:1/fhir","context":{"patientId":"p1","draftOrders":{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"MedicationRequest","status":"draft","intent":"order","subject":{"reference":"Patient/p1"},"medicationCodeableConcept":{"text":"ketamine"}}}]}}} | fhirServer
			""")
    void malformedRequestsAre4xxWithAMessageNever500(String name, String body, String message) throws Exception {
        // With this server as fhirServer: without one and without prefetch, HAPI answers 412 (no data) before any
        // check.
        HttpResponse<String> response = post(aud(), body.replace("{fhir}", fhirBase()), CdsClients.jwt(aud()));

        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.body()).contains(message);
    }

    @Test
    void anUnknownServiceIs404() throws Exception {
        String url = origin() + "/cds-services/no-such-service";
        HttpResponse<String> response = post(url, body(), CdsClients.jwt(url));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
    }

    @Test
    void theEhrsFhirServerIsReadWithItsAccessTokenWhenNothingIsPrefetched() throws Exception {
        // The second server stands for the EHR's FHIR server: another address, same records, this clinic's tokens.
        ClinicFixtures fixtures = new ClinicFixtures(client());
        String patient = fixtures.patient();
        StandaloneServer ehrFhir = secondServer();
        ObjectNode request = (ObjectNode) CdsOrderCheckIT.JSON.readTree(body());
        ((ObjectNode) request.path("context")).put("patientId", patient.replace("Patient/", ""));
        request.put("fhirServer", "http://127.0.0.1:" + ehrFhir.port() + "/fhir");
        ObjectNode authorization = request.putObject("fhirAuthorization");
        authorization.put("access_token", token());
        authorization.put("token_type", "Bearer");
        authorization.put("expires_in", 300);
        authorization.put("scope", "system/*.rs");
        authorization.put("subject", "ketamine-order-check");

        HttpResponse<String> response = post(aud(), request.toString(), CdsClients.jwt(aud()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("SESSION-ELIGIBLE-SCREENING");

        authorization.put("access_token", "not-a-token");
        HttpResponse<String> refused = post(aud(), request.toString(), CdsClients.jwt(aud()));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(412);
        assertThat(refused.body()).contains("HTTP 401");
    }
}
