package org.ketaminefhir.server.security.token;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * Takes the access token from the {@code Authorization: Bearer} header only. A token in the query string (or a form
 * field) is refused with {@code invalid_request}: URLs end up in logs, browser history and Referer headers.
 */
public class HeaderOnlyBearerTokens implements BearerTokenResolver {

    private final DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();

    @Override
    public String resolve(HttpServletRequest request) {
        if (request.getParameterMap().containsKey("access_token")) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidRequest(
                    "Access tokens are accepted in the Authorization header only, never in the URL or the body"));
        }
        return header.resolve(request);
    }
}
