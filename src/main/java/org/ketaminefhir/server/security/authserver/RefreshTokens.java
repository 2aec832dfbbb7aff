package org.ketaminefhir.server.security.authserver;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refresh tokens as SMART apps use them. Spring Authorization Server, left alone, gives no refresh token to a public
 * client and wants client authentication to refresh; a SMART browser app is public and may refresh without sending its
 * client_id. Here:
 * <ul>
 *   <li>a refresh token is issued when {@code offline_access} or {@code online_access} is granted, to public clients
 *       too, and replaced at each use (rotation);</li>
 *   <li>a public client refreshes without authenticating: the refresh token is bound to it (checked by the server);</li>
 *   <li>each refresh token works once, also when two requests with it race on two servers (a used-token table with a
 *       primary key decides).</li>
 * </ul>
 */
public final class RefreshTokens {

    private static final Set<String> OFFLINE = Set.of("offline_access", "online_access");
    private static final SecureRandom random = new SecureRandom();

    private RefreshTokens() {}

    /** Issues refresh tokens when offline or online access was granted, to public and confidential clients alike. */
    public static OAuth2TokenGenerator<OAuth2RefreshToken> generator() {
        return (OAuth2TokenContext context) -> {
            if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
                    || AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                return null;
            }
            Set<String> granted = context.getAuthorization() != null
                            && AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())
                    ? context.getAuthorization().getAuthorizedScopes()
                    : context.getAuthorizedScopes();
            if (granted.stream().noneMatch(OFFLINE::contains)) {
                return null;
            }
            byte[] bytes = new byte[64];
            random.nextBytes(bytes);
            Instant issued = Instant.now();
            Instant expires =
                    issued.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive());
            return new OAuth2RefreshToken(
                    Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), issued, expires);
        };
    }

    /**
     * Reads a refresh request that carries no client credentials as the public client's: the client named in
     * {@code client_id}, else the one the refresh token was issued to.
     */
    public static AuthenticationConverter publicClientConverter(
            OAuth2AuthorizationService authorizations, RegisteredClientRepository clients) {
        return (HttpServletRequest request) -> {
            if (!"POST".equals(request.getMethod())
                    || !AuthorizationGrantType.REFRESH_TOKEN
                            .getValue()
                            .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                    || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
                    || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
                return null;
            }
            String clientId = request.getParameter(OAuth2ParameterNames.CLIENT_ID);
            String refreshToken = request.getParameter(OAuth2ParameterNames.REFRESH_TOKEN);
            if (clientId == null && refreshToken != null) {
                OAuth2Authorization authorization =
                        authorizations.findByToken(refreshToken, OAuth2TokenType.REFRESH_TOKEN);
                RegisteredClient client =
                        authorization == null ? null : clients.findById(authorization.getRegisteredClientId());
                clientId = client == null ? null : client.getClientId();
            }
            if (clientId == null) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_GRANT);
            }
            Map<String, Object> parameters = new HashMap<>();
            parameters.put(OAuth2ParameterNames.GRANT_TYPE, AuthorizationGrantType.REFRESH_TOKEN.getValue());
            return new OAuth2ClientAuthenticationToken(clientId, ClientAuthenticationMethod.NONE, null, parameters);
        };
    }

    /** Authenticates a public client for the refresh grant only (no code verifier on a refresh). */
    public static AuthenticationProvider publicClientProvider(RegisteredClientRepository clients) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                OAuth2ClientAuthenticationToken token = (OAuth2ClientAuthenticationToken) authentication;
                if (!ClientAuthenticationMethod.NONE.equals(token.getClientAuthenticationMethod())
                        || !AuthorizationGrantType.REFRESH_TOKEN
                                .getValue()
                                .equals(token.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE))) {
                    return null;
                }
                RegisteredClient client = clients.findByClientId(String.valueOf(token.getPrincipal()));
                if (client == null
                        || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
                        || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(
                            OAuth2ErrorCodes.INVALID_CLIENT,
                            "Client authentication failed: this client cannot refresh without authenticating",
                            null));
                }
                return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    /** Lets each refresh token be exchanged once; the second exchange of the same token is refused (invalid_grant). */
    public static AuthenticationProvider singleUse(
            OAuth2RefreshTokenAuthenticationProvider refresh, JdbcTemplate jdbc) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                OAuth2RefreshTokenAuthenticationToken request = (OAuth2RefreshTokenAuthenticationToken) authentication;
                String hash = sha256(request.getRefreshToken());
                try {
                    jdbc.update(
                            "INSERT INTO ket_used_refresh_token (token_hash, used_at) VALUES (?, ?)",
                            hash,
                            Timestamp.from(Instant.now()));
                } catch (DuplicateKeyException used) {
                    throw new OAuth2AuthenticationException(new OAuth2Error(
                            OAuth2ErrorCodes.INVALID_GRANT, "This refresh token has already been used", null));
                }
                try {
                    Authentication refreshed = refresh.authenticate(authentication);
                    forgetOldUses(jdbc);
                    return refreshed;
                } catch (RuntimeException refused) {
                    // Not exchanged (unknown, expired, wrong scope...): it has not been used up.
                    jdbc.update("DELETE FROM ket_used_refresh_token WHERE token_hash = ?", hash);
                    throw refused;
                }
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return refresh.supports(authentication);
            }
        };
    }

    private static final java.util.concurrent.atomic.AtomicReference<Instant> lastCleanup =
            new java.util.concurrent.atomic.AtomicReference<>(Instant.EPOCH);

    /** A used token older than any refresh token can live cannot come back: its row can go (hourly). */
    private static void forgetOldUses(JdbcTemplate jdbc) {
        Instant last = lastCleanup.get();
        if (last.plus(java.time.Duration.ofHours(1)).isBefore(Instant.now())
                && lastCleanup.compareAndSet(last, Instant.now())) {
            jdbc.update(
                    "DELETE FROM ket_used_refresh_token WHERE used_at < ?",
                    Timestamp.from(Instant.now().minus(java.time.Duration.ofDays(400))));
        }
    }

    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
