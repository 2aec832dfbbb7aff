package org.ketaminefhir.server.security.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ketaminefhir.server.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the {@link SmartEndpoints} to advertise for a request. */
public interface SmartDiscovery {

    SmartEndpoints forRequest(HttpServletRequest request);

    /** The embedded authorization server, at the issuer of each request. */
    static SmartDiscovery embedded(Function<HttpServletRequest, String> issuer, String sensitiveScope) {
        return request -> SmartEndpoints.embedded(issuer.apply(request), sensitiveScope);
    }

    /**
     * An external identity provider: endpoints from its OpenID discovery document ({@code issuer-uri}
     * + {@code /.well-known/openid-configuration}, fetched on first use and again after a failure), overridden by
     * those configured under {@code ketamine.security.discovery}.
     */
    static SmartDiscovery external(String issuerUri, SecurityProperties.Discovery configured) {
        return new External(issuerUri, configured);
    }

    final class External implements SmartDiscovery {

        private static final Logger log = LoggerFactory.getLogger(External.class);
        private static final Duration RETRY = Duration.ofMinutes(1);

        private final String issuer;
        private final SecurityProperties.Discovery configured;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private volatile JsonNode document;
        private volatile Instant lastAttempt = Instant.EPOCH;

        External(String issuer, SecurityProperties.Discovery configured) {
            this.issuer = issuer == null ? null : issuer.replaceAll("/+$", "");
            this.configured = configured;
        }

        @Override
        public SmartEndpoints forRequest(HttpServletRequest request) {
            JsonNode found = discovered();
            return new SmartEndpoints(
                    issuer,
                    text(found, "jwks_uri", null),
                    text(
                            found,
                            "authorization_endpoint",
                            configured == null ? null : configured.authorizationEndpoint()),
                    text(found, "token_endpoint", configured == null ? null : configured.tokenEndpoint()),
                    text(found, "revocation_endpoint", configured == null ? null : configured.revocationEndpoint()),
                    text(
                            found,
                            "introspection_endpoint",
                            configured == null ? null : configured.introspectionEndpoint()),
                    text(found, "userinfo_endpoint", null),
                    SmartEndpoints.RESOURCE_SERVER_CAPABILITIES,
                    list(found, "scopes_supported"),
                    list(found, "grant_types_supported"),
                    list(found, "token_endpoint_auth_methods_supported"),
                    list(found, "token_endpoint_auth_signing_alg_values_supported"));
        }

        private JsonNode discovered() {
            if (document != null || issuer == null) {
                return document;
            }
            if (lastAttempt.plus(RETRY).isAfter(Instant.now())) {
                return null;
            }
            lastAttempt = Instant.now();
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    document = new ObjectMapper().readTree(response.body());
                } else {
                    log.warn(
                            "The identity provider's discovery document at {} answered {}",
                            issuer,
                            response.statusCode());
                }
            } catch (Exception e) {
                log.warn(
                        "The identity provider's discovery document at {} could not be read: {}",
                        issuer,
                        e.getMessage());
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
            return document;
        }

        /** A configured value wins; else the discovered one. */
        private static String text(JsonNode document, String field, String override) {
            if (override != null && !override.isBlank()) {
                return override;
            }
            return document != null && document.hasNonNull(field)
                    ? document.get(field).asText()
                    : null;
        }

        private static List<String> list(JsonNode document, String field) {
            List<String> values = new ArrayList<>();
            if (document != null && document.has(field) && document.get(field).isArray()) {
                document.get(field).forEach(v -> values.add(v.asText()));
            }
            return values;
        }
    }
}
