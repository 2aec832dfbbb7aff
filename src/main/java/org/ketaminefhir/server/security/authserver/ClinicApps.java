package org.ketaminefhir.server.security.authserver;

import java.time.Duration;
import java.util.UUID;
import org.ketaminefhir.server.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The clinic's registered apps, kept by Spring Authorization Server's JDBC store: public SMART apps (authorization
 * code with PKCE S256; refresh tokens, rotated on each use, when they ask for {@code offline_access}) and backend
 * services (client_credentials authenticated by a {@code private_key_jwt} assertion, RS384 or ES384). Apps listed in
 * configuration are registered on the first start; a registered app is never overwritten by configuration.
 */
public class ClinicApps {

    private static final Logger log = LoggerFactory.getLogger(ClinicApps.class);

    /** Client setting holding a backend client's public keys (a JWK Set as JSON) when given inline. */
    public static final String JWKS_SETTING = "settings.client.ketamine.jwks";

    private final RegisteredClientRepository clients;
    private final SecurityProperties.AuthorizationServer settings;

    public ClinicApps(RegisteredClientRepository clients, SecurityProperties.AuthorizationServer settings) {
        this.clients = clients;
        this.settings = settings;
    }

    public boolean isRegistered(String clientId) {
        return clients.findByClientId(clientId) != null;
    }

    public void register(SecurityProperties.Client app) {
        if (app.clientId() == null || app.clientId().isBlank()) {
            throw new IllegalStateException("ketamine.security: every client needs a client-id");
        }
        if (isRegistered(app.clientId())) {
            return;
        }
        RegisteredClient.Builder client = RegisteredClient.withId(
                        UUID.randomUUID().toString())
                .clientId(app.clientId())
                .clientName(app.name() == null || app.name().isBlank() ? app.clientId() : app.name())
                .scopes(scopes -> scopes.addAll(app.scopes()));
        TokenSettings.Builder tokens = TokenSettings.builder()
                .accessTokenTimeToLive(settings.accessTokenLifetime())
                .authorizationCodeTimeToLive(Duration.ofMinutes(5));
        if (app.isPublic()) {
            if (app.redirectUris().isEmpty()) {
                throw new IllegalStateException(
                        "ketamine.security: public client " + app.clientId() + " needs redirect-uris");
            }
            client.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    .redirectUris(uris -> uris.addAll(app.redirectUris()))
                    .clientSettings(ClientSettings.builder()
                            .requireProofKey(true)
                            .requireAuthorizationConsent(false)
                            .build());
            tokens.refreshTokenTimeToLive(settings.refreshTokenLifetime()).reuseRefreshTokens(false);
        } else if (app.isBackend()) {
            SignatureAlgorithm algorithm = SignatureAlgorithm.from(app.algorithm() == null ? "RS384" : app.algorithm());
            if (algorithm != SignatureAlgorithm.RS384 && algorithm != SignatureAlgorithm.ES384) {
                throw new IllegalStateException("ketamine.security: backend client " + app.clientId()
                        + " must sign its assertions with RS384 or ES384");
            }
            ClientSettings.Builder clientSettings = ClientSettings.builder()
                    .tokenEndpointAuthenticationSigningAlgorithm(algorithm)
                    .requireAuthorizationConsent(false);
            if (app.jwksUri() != null && !app.jwksUri().isBlank()) {
                clientSettings.jwkSetUrl(app.jwksUri());
            } else if (app.jwks() != null && !app.jwks().isBlank()) {
                clientSettings.setting(JWKS_SETTING, app.jwks());
            } else {
                throw new IllegalStateException(
                        "ketamine.security: backend client " + app.clientId() + " needs jwks or jwks-uri");
            }
            client.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .clientSettings(clientSettings.build());
        } else {
            throw new IllegalStateException("ketamine.security: client " + app.clientId() + " has type '" + app.type()
                    + "'; use public or backend");
        }
        client.tokenSettings(tokens.build());
        try {
            clients.save(client.build());
            log.info("Registered app '{}' ({})", app.clientId(), app.type());
        } catch (DuplicateKeyException raced) {
            // another server registered it first
        } catch (IllegalArgumentException raced) {
            if (!isRegistered(app.clientId())) {
                throw raced;
            }
        }
    }
}
