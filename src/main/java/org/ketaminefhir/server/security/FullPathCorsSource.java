package org.ketaminefhir.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * CORS configuration by the request's full path. Spring's URL-based source matches the path within the servlet, and
 * HAPI's servlet is mapped at {@code /fhir/*}: {@code /fhir/Patient/1} would be looked up as {@code /Patient/1} and
 * pre-flight requests to the FHIR endpoint refused.
 */
public class FullPathCorsSource implements CorsConfigurationSource {

    private final AntPathMatcher matcher = new AntPathMatcher();
    private final Map<String, CorsConfiguration> byPattern = new LinkedHashMap<>();

    public void register(String pattern, CorsConfiguration configuration) {
        byPattern.put(pattern, configuration);
    }

    @Override
    public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        for (Map.Entry<String, CorsConfiguration> entry : byPattern.entrySet()) {
            if (matcher.match(entry.getKey(), path)) {
                return entry.getValue();
            }
        }
        return null;
    }
}
