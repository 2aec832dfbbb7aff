package org.ketaminefhir.server.security.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2Error;

/** The token request's shape, and unknown resource types in scopes, without a server. */
class TokenRequestCheckTest {

    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @Test
    void aWellFormedBackendRequestPasses() {
        assertThat(TokenRequestCheck.check(form(Map.of(
                        "grant_type", "client_credentials",
                        "client_assertion_type", JWT_BEARER,
                        "client_assertion", "a.b.c"))))
                .isNull();
        assertThat(TokenRequestCheck.check(form(Map.of("grant_type", "refresh_token", "refresh_token", "r"))))
                .as("a public app refreshes without authenticating")
                .isNull();
    }

    @Test
    void malformedRequestsAreInvalidRequestAndUndeclaredGrantsUnsupported() {
        MockHttpServletRequest json = form(Map.of("grant_type", "client_credentials"));
        json.setContentType("application/json");
        assertThat(code(json)).isEqualTo("invalid_request");
        assertThat(code(form(Map.of("client_assertion_type", JWT_BEARER, "client_assertion", "x"))))
                .isEqualTo("invalid_request");
        assertThat(code(form(Map.of("grant_type", "client_credentials", "client_assertion", "x"))))
                .isEqualTo("invalid_request");
        assertThat(code(form(Map.of(
                        "grant_type", "client_credentials",
                        "client_assertion_type", "urn:other",
                        "client_assertion", "x"))))
                .isEqualTo("invalid_request");
        assertThat(code(form(Map.of("grant_type", "client_credentials", "client_assertion_type", JWT_BEARER))))
                .isEqualTo("invalid_request");
        assertThat(code(form(Map.of("grant_type", "password", "username", "u"))))
                .isEqualTo("unsupported_grant_type");
        assertThat(code(form(Map.of("grant_type", "client_credentials")))).isEqualTo("invalid_client");
    }

    @Test
    void scopesNamingUnknownResourceTypesAreDropped() {
        Set<String> kept = SmartRequestValidation.withoutUnknownTypes(
                new java.util.LinkedHashSet<>(java.util.List.of(
                        "system/Patient.rs", "system/UnknownResource.read", "system/*.cruds", "openid")),
                Set.of("Patient", "Observation")::contains);
        assertThat(kept).containsExactly("system/Patient.rs", "system/*.cruds", "openid");
    }

    private static String code(MockHttpServletRequest request) {
        OAuth2Error error = TokenRequestCheck.check(request);
        assertThat(error).isNotNull();
        assertThat(error.getDescription()).isNotBlank();
        return error.getErrorCode();
    }

    private static MockHttpServletRequest form(Map<String, String> parameters) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
        request.setContentType("application/x-www-form-urlencoded; charset=UTF-8");
        parameters.forEach(request::addParameter);
        return request;
    }
}
