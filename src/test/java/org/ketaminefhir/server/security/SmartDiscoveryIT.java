package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;

/** SMART App Launch 2.x discovery, and the CapabilityStatement's security, without a token. */
class SmartDiscoveryIT extends FhirServerTestBase {

    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void wellKnownSmartConfigurationHasTheRequiredFieldsWithAbsoluteUrls() throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(fhirBase() + "/.well-known/smart-configuration"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode smart = new ObjectMapper().readTree(response.body());
        assertThat(smart.get("issuer").asText()).isEqualTo(origin());
        for (String endpoint : List.of(
                "authorization_endpoint",
                "token_endpoint",
                "jwks_uri",
                "introspection_endpoint",
                "revocation_endpoint",
                "userinfo_endpoint")) {
            assertThat(smart.get(endpoint).asText()).as(endpoint).startsWith(origin() + "/");
        }
        assertThat(strings(smart, "code_challenge_methods_supported")).containsExactly("S256");
        assertThat(strings(smart, "grant_types_supported"))
                .contains("authorization_code", "client_credentials", "refresh_token");
        assertThat(strings(smart, "token_endpoint_auth_methods_supported")).contains("private_key_jwt");
        assertThat(strings(smart, "token_endpoint_auth_signing_alg_values_supported"))
                .contains("RS384", "ES384");
        assertThat(strings(smart, "response_types_supported")).containsExactly("code");
        assertThat(strings(smart, "scopes_supported"))
                .contains("openid", "fhirUser", "launch", "launch/patient", "offline_access", "sensitive/psy.read");
        assertThat(strings(smart, "capabilities"))
                .contains(
                        "launch-standalone",
                        "launch-ehr",
                        "client-public",
                        "client-confidential-asymmetric",
                        "context-standalone-patient",
                        "context-ehr-patient",
                        "permission-v1",
                        "permission-v2",
                        "permission-patient",
                        "permission-user",
                        "permission-offline",
                        "sso-openid-connect");
        assertThat(strings(smart, "capabilities")).doesNotContain("client-confidential-symmetric", "permission-online");

        HttpResponse<String> keys = http.send(
                HttpRequest.newBuilder(URI.create(smart.get("jwks_uri").asText()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode jwks = new ObjectMapper().readTree(keys.body());
        assertThat(jwks.get("keys")).isNotEmpty();
        assertThat(keys.body()).as("public keys only").doesNotContain("\"d\"");
    }

    @Test
    void theCapabilityStatementNamesSmartAndItsOauthUris() {
        CapabilityStatement metadata = FHIR.newRestfulGenericClient(fhirBase())
                .capabilities()
                .ofType(CapabilityStatement.class)
                .execute();

        CapabilityStatement.CapabilityStatementRestSecurityComponent security =
                metadata.getRestFirstRep().getSecurity();
        assertThat(security.getCors()).isTrue();
        assertThat(security.getServiceFirstRep().getCodingFirstRep().getSystem())
                .isEqualTo("http://terminology.hl7.org/CodeSystem/restful-security-service");
        assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
        Extension uris =
                security.getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        assertThat(uris.getExtensionByUrl("authorize").getValue().primitiveValue())
                .isEqualTo(origin() + "/oauth2/authorize");
        assertThat(uris.getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo(origin() + "/oauth2/token");
    }

    @Test
    void browserAppsMayCallTheFhirEndpointAndTheTokenEndpointFromAnotherOrigin() throws Exception {
        for (String path : List.of("/fhir/Patient/x", "/fhir/metadata", "/oauth2/token")) {
            HttpResponse<String> preflight = http.send(
                    HttpRequest.newBuilder(URI.create(origin() + path))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Origin", "http://127.0.0.1:9999")
                            .header("Access-Control-Request-Method", "GET")
                            .header("Access-Control-Request-Headers", "authorization")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(preflight.statusCode()).as(path).isEqualTo(200);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
                    .as(path)
                    .isPresent();
        }
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        node.get(field).forEach(v -> values.add(v.asText()));
        return values;
    }
}
