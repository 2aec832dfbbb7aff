package org.ketaminefhir.server.security.smart;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Serves {@code /fhir/.well-known/smart-configuration} (no token needed). A servlet of its own with an exact mapping,
 * since HAPI's servlet owns everything else under {@code /fhir}.
 */
public class SmartConfigurationServlet extends HttpServlet {

    private final SmartDiscovery discovery;
    private final ObjectMapper json = new ObjectMapper();

    public SmartConfigurationServlet(SmartDiscovery discovery) {
        this.discovery = discovery;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "max-age=300");
        json.writerWithDefaultPrettyPrinter()
                .writeValue(response.getOutputStream(), SmartConfigurationDocument.of(discovery.forRequest(request)));
    }
}
