package org.ketaminefhir.server.security.authserver;

import java.util.HashMap;
import java.util.Map;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;

/**
 * The token endpoint's answer, with SMART's launch context beside the tokens: {@code patient} and
 * {@code need_patient_banner} (false when the EHR launched the app: it shows its own banner). The ID token, the scope
 * and the refresh token stay as Spring Authorization Server sends them.
 */
public final class SmartTokenResponses {

    private SmartTokenResponses() {}

    public static OAuth2AccessTokenResponseAuthenticationSuccessHandler handler(
            OAuth2AuthorizationService authorizations) {
        OAuth2AccessTokenResponseAuthenticationSuccessHandler handler =
                new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        handler.setAccessTokenResponseCustomizer((OAuth2AccessTokenAuthenticationContext context) -> {
            OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
            OAuth2Authorization authorization =
                    authorizations.findByToken(issued.getAccessToken().getTokenValue(), OAuth2TokenType.ACCESS_TOKEN);
            String patient = SmartTokenClaims.patient(authorization);
            if (patient != null) {
                Map<String, Object> extra = new HashMap<>(issued.getAdditionalParameters());
                extra.put("patient", patient);
                extra.put("need_patient_banner", SmartTokenClaims.needsBanner(authorization));
                context.getAccessTokenResponse().additionalParameters(extra);
            }
        });
        return handler;
    }
}
