package org.ketaminefhir.server.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code ketamine.security.*}: how the FHIR endpoint is protected. Every default lives in application.yaml, with a
 * comment; docs/security.md explains each key. Tokens from an external identity provider are configured
 * with Spring Boot's own {@code spring.security.oauth2.resourceserver.jwt.*} keys (see {@code TokenVerification}).
 *
 * @param enabled          false serves every request without a token and without audit: only for measuring what
 *                         security costs (the benchmark), never in production
 * @param sensitiveScope   the scope a token needs to receive resources carrying the release label
 * @param roleClaim        the token claim listing the user's roles (a string or a list)
 * @param auditorRole      the role that lets a user read AuditEvents with {@code user/AuditEvent.rs}
 * @param labels           the meta.security labels stored on every resource that declares one of the IG's profiles
 * @param releaseLabel     the label whose resources are released only to tokens with {@link #sensitiveScope}
 * @param discovery        SMART discovery endpoints to advertise instead of those found at the external issuer
 * @param authorizationServer the embedded authorization server (used unless an external issuer is configured)
 * @param demo             the demo clinic (users and apps) the embedded authorization server registers
 */
@Validated
@ConfigurationProperties(prefix = "ketamine.security")
public record SecurityProperties(
        boolean enabled,
        String sensitiveScope,
        String roleClaim,
        String auditorRole,
        List<Label> labels,
        Label releaseLabel,
        Discovery discovery,
        AuthorizationServer authorizationServer,
        Demo demo) {

    public SecurityProperties {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A security label: a coding from an HL7 v3 code system. */
    public record Label(String system, String code, String display) {}

    /**
     * Endpoints advertised in {@code /.well-known/smart-configuration} when an external issuer is used; blank ones are
     * taken from the issuer's OpenID discovery document.
     */
    public record Discovery(
            String authorizationEndpoint,
            String tokenEndpoint,
            String revocationEndpoint,
            String introspectionEndpoint) {}

    /**
     * The embedded authorization server (Spring Authorization Server in this process).
     *
     * @param issuer                 its issuer URL; blank: the FHIR server address without {@code /fhir}, or the
     *                               address each request was made to
     * @param accessTokenLifetime    how long an access token is valid
     * @param refreshTokenLifetime   how long a refresh token is valid (each use replaces it)
     * @param clientAssertionMaxLifetime the longest {@code exp - now} a backend client's assertion may have (SMART: 5 min)
     * @param launchContextLifetime  how long an EHR launch id can be used
     * @param users                  the clinic's users, stored at first start (a user already stored is kept)
     * @param clients                the clinic's registered apps, stored at first start (likewise)
     */
    public record AuthorizationServer(
            String issuer,
            Duration accessTokenLifetime,
            Duration refreshTokenLifetime,
            Duration clientAssertionMaxLifetime,
            Duration launchContextLifetime,
            List<User> users,
            List<Client> clients) {

        public AuthorizationServer {
            users = users == null ? List.of() : List.copyOf(users);
            clients = clients == null ? List.of() : List.copyOf(clients);
        }
    }

    /**
     * A person who signs in at the embedded authorization server.
     *
     * @param username      login name
     * @param password      password, as a Spring Security encoded value ({@code {bcrypt}...}) or plain text (encoded
     *                      with bcrypt when stored)
     * @param fhirUser      the user's FHIR resource, e.g. {@code Practitioner/123} or {@code Patient/456}; a
     *                      {@code Patient/...} user only ever gets that patient's context
     * @param roles         e.g. {@code clinician}, {@code auditor}
     * @param allowedScopes the SMART scopes this user may grant an app (wildcards allowed); a request for more is cut
     *                      down to these
     */
    public record User(
            String username, String password, String fhirUser, List<String> roles, List<String> allowedScopes) {
        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
            allowedScopes = allowedScopes == null ? List.of() : List.copyOf(allowedScopes);
        }
    }

    /**
     * A registered app.
     *
     * @param clientId      its client_id
     * @param name          shown at login
     * @param type          {@code public} (browser or native SMART app: authorization code with PKCE S256, refresh
     *                      tokens with {@code offline_access}) or {@code backend} (SMART backend services:
     *                      client_credentials authenticated with a {@code private_key_jwt} assertion)
     * @param redirectUris  where a public app may receive its code ({@code 127.0.0.1}, not {@code localhost}: the
     *                      authorization server refuses localhost; any port on a loopback address matches)
     * @param scopes        the scopes it may ask for (SMART wildcards cover narrower scopes)
     * @param jwks          a backend client's public keys as a JWK Set (JSON)
     * @param jwksUri       or where to fetch them
     * @param algorithm     the algorithm of its assertions: RS384 or ES384
     */
    public record Client(
            String clientId,
            String name,
            String type,
            List<String> redirectUris,
            List<String> scopes,
            String jwks,
            String jwksUri,
            String algorithm) {
        public Client {
            redirectUris = redirectUris == null ? List.of() : List.copyOf(redirectUris);
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }

        public boolean isPublic() {
            return "public".equals(type);
        }

        public boolean isBackend() {
            return "backend".equals(type);
        }
    }

    /**
     * The demo clinic: a clinician, a patient, an auditor, a public SMART app and a backend client, for trying the
     * server out.
     *
     * @param enabled  {@code auto} (on with the embedded H2 database, off on PostgreSQL), {@code true} or {@code false}
     * @param keyFile  where the demo backend client's private key is written on first start (PEM), for
     *                 {@code scripts/smart-token}
     * @param users    the demo users
     * @param clients  the demo apps (the backend client without {@code jwks} gets the generated key)
     */
    public record Demo(String enabled, String keyFile, List<User> users, List<Client> clients) {
        public Demo {
            users = users == null ? List.of() : List.copyOf(users);
            clients = clients == null ? List.of() : List.copyOf(clients);
        }
    }
}
