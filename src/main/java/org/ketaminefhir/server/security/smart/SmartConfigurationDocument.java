package org.ketaminefhir.server.security.smart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET [base]/.well-known/smart-configuration}: SMART App Launch 2.x discovery, as a JSON object. */
public final class SmartConfigurationDocument {

    private SmartConfigurationDocument() {}

    public static Map<String, Object> of(SmartEndpoints endpoints) {
        Map<String, Object> document = new LinkedHashMap<>();
        put(document, "issuer", endpoints.issuer());
        put(document, "jwks_uri", endpoints.jwksUri());
        put(document, "authorization_endpoint", endpoints.authorizationEndpoint());
        document.put("grant_types_supported", endpoints.grantTypes());
        put(document, "token_endpoint", endpoints.tokenEndpoint());
        document.put("token_endpoint_auth_methods_supported", endpoints.clientAuthMethods());
        document.put("token_endpoint_auth_signing_alg_values_supported", endpoints.assertionAlgorithms());
        put(document, "userinfo_endpoint", endpoints.userinfoEndpoint());
        document.put("scopes_supported", endpoints.scopesSupported());
        document.put("response_types_supported", List.of("code"));
        put(document, "introspection_endpoint", endpoints.introspectionEndpoint());
        put(document, "revocation_endpoint", endpoints.revocationEndpoint());
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("capabilities", endpoints.capabilities());
        return document;
    }

    private static void put(Map<String, Object> document, String name, String value) {
        if (value != null && !value.isBlank()) {
            document.put(name, value);
        }
    }
}
