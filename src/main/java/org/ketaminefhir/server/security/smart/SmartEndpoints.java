package org.ketaminefhir.server.security.smart;

import java.util.List;

/**
 * Where apps obtain tokens for this FHIR server, and what that authorization server supports: the content of
 * {@code .well-known/smart-configuration} and of the CapabilityStatement's OAuth URIs.
 *
 * @param issuer                the authorization server's issuer
 * @param jwksUri               its public keys
 * @param authorizationEndpoint where users sign in and grant apps access
 * @param tokenEndpoint         where apps get tokens
 * @param revocationEndpoint    where tokens are revoked (or null)
 * @param introspectionEndpoint where tokens are introspected (or null)
 * @param userinfoEndpoint      OpenID Connect userinfo (or null)
 * @param capabilities          the SMART capabilities that really work
 * @param scopesSupported       scopes an app can ask for
 * @param grantTypes            OAuth grant types
 * @param clientAuthMethods     token endpoint client authentication methods
 * @param assertionAlgorithms   algorithms accepted on client assertions
 */
public record SmartEndpoints(
        String issuer,
        String jwksUri,
        String authorizationEndpoint,
        String tokenEndpoint,
        String revocationEndpoint,
        String introspectionEndpoint,
        String userinfoEndpoint,
        List<String> capabilities,
        List<String> scopesSupported,
        List<String> grantTypes,
        List<String> clientAuthMethods,
        List<String> assertionAlgorithms) {

    /** What the embedded authorization server supports (each claim has a test behind it). */
    public static final List<String> EMBEDDED_CAPABILITIES = List.of(
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

    /**
     * The grant types the embedded token endpoint accepts; any other {@code grant_type} is refused with
     * {@code unsupported_grant_type} before the client is authenticated.
     */
    public static final List<String> EMBEDDED_GRANT_TYPES =
            List.of("authorization_code", "client_credentials", "refresh_token");

    /**
     * How clients authenticate to the embedded token endpoint: backend services with a signed assertion, public apps
     * not at all (PKCE instead). No client can be registered with a secret.
     */
    public static final List<String> EMBEDDED_CLIENT_AUTH_METHODS = List.of("private_key_jwt", "none");

    /** The only algorithms a client assertion may be signed with (SMART Backend Services: RS384 and ES384). */
    public static final List<String> ASSERTION_ALGORITHMS = List.of("RS384", "ES384");

    /** What this resource server itself supports whatever issues the tokens. */
    public static final List<String> RESOURCE_SERVER_CAPABILITIES =
            List.of("permission-patient", "permission-user", "permission-v1", "permission-v2");

    /** The embedded authorization server's endpoints under its issuer. */
    public static SmartEndpoints embedded(String issuer, String sensitiveScope) {
        return new SmartEndpoints(
                issuer,
                issuer + "/oauth2/jwks",
                issuer + "/oauth2/authorize",
                issuer + "/oauth2/token",
                issuer + "/oauth2/revoke",
                issuer + "/oauth2/introspect",
                issuer + "/userinfo",
                EMBEDDED_CAPABILITIES,
                List.of(
                        "openid",
                        "fhirUser",
                        "launch",
                        "launch/patient",
                        "offline_access",
                        "online_access",
                        "patient/*.cruds",
                        "patient/*.rs",
                        "user/*.cruds",
                        "user/*.rs",
                        "system/*.cruds",
                        "system/*.rs",
                        "patient/*.read",
                        "user/*.read",
                        "system/*.read",
                        sensitiveScope),
                EMBEDDED_GRANT_TYPES,
                EMBEDDED_CLIENT_AUTH_METHODS,
                ASSERTION_ALGORITHMS);
    }
}
