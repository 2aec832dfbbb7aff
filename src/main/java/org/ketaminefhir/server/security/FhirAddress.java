package org.ketaminefhir.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.fhir.FhirServerProperties;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The public addresses the server is known by: the FHIR base URL (an access token's audience) and the embedded
 * authorization server's issuer. Both come from configuration when set ({@code hapi.fhir.server-address},
 * {@code ketamine.security.authorization-server.issuer}), else from the address each request was made to, so that a
 * token minted at {@code http://127.0.0.1:8080} is for {@code http://127.0.0.1:8080/fhir}.
 */
public class FhirAddress {

    private final String configuredFhirBase;
    private final String configuredIssuer;

    public FhirAddress(FhirServerProperties fhir, String configuredIssuer) {
        this.configuredFhirBase = stripSlash(fhir.getServerAddress());
        this.configuredIssuer = stripSlash(configuredIssuer);
    }

    /** The FHIR base URL, e.g. {@code https://fhir.clinic.example/fhir}. */
    public String fhirBase(HttpServletRequest request) {
        if (!configuredFhirBase.isEmpty()) {
            return configuredFhirBase;
        }
        return origin(request) + FhirEndpoint.PATH;
    }

    /** The embedded authorization server's issuer, e.g. {@code https://fhir.clinic.example}. */
    public String issuer(HttpServletRequest request) {
        if (!configuredIssuer.isEmpty()) {
            return configuredIssuer;
        }
        if (!configuredFhirBase.isEmpty()) {
            return configuredFhirBase.endsWith(FhirEndpoint.PATH)
                    ? configuredFhirBase.substring(0, configuredFhirBase.length() - FhirEndpoint.PATH.length())
                    : configuredFhirBase;
        }
        return origin(request);
    }

    /** This server's public base URL: the FHIR base without {@value FhirEndpoint#PATH}. */
    public String serverBase(HttpServletRequest request) {
        String fhirBase = fhirBase(request);
        return fhirBase.endsWith(FhirEndpoint.PATH)
                ? fhirBase.substring(0, fhirBase.length() - FhirEndpoint.PATH.length())
                : fhirBase;
    }

    /** Whether a URL someone sent names this server's FHIR base (trailing slashes aside). */
    public boolean isFhirBase(String url, HttpServletRequest request) {
        return url != null && stripSlash(url).equals(fhirBase(request));
    }

    /** The configured issuer, or null when it follows each request. */
    public String configuredIssuer() {
        if (!configuredIssuer.isEmpty()) {
            return configuredIssuer;
        }
        return configuredFhirBase.isEmpty() ? null : issuer(null);
    }

    /** scheme://host:port plus the servlet context path (X-Forwarded-* honoured when the server is told to). */
    private static String origin(HttpServletRequest request) {
        return stripSlash(ServletUriComponentsBuilder.fromContextPath(request)
                .replaceQuery(null)
                .build()
                .toUriString());
    }

    private static String stripSlash(String value) {
        if (value == null) {
            return "";
        }
        String trimmed = value.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
