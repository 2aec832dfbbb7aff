package org.ketaminefhir.server.security.token;

import org.ketaminefhir.server.security.Caller;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/** A verified access token and the {@link Caller} read from it. */
public class CallerAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

    private final Caller caller;

    public CallerAuthentication(Jwt jwt, Caller caller) {
        super(
                jwt,
                caller,
                jwt,
                caller.scopes().resourceScopes().stream()
                        .map(s -> new SimpleGrantedAuthority("SCOPE_" + s.text()))
                        .toList());
        this.caller = caller;
        setAuthenticated(true);
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public java.util.Map<String, Object> getTokenAttributes() {
        return getToken().getClaims();
    }

    @Override
    public String getName() {
        return caller.subject();
    }
}
