package org.ketaminefhir.server.observability;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.swagger.v3.oas.models.OpenAPI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * HAPI's OpenAPI description (at /fhir/api-docs, browsable at /fhir/swagger-ui/), built once per server address
 * instead of on every request: built from the CapabilityStatement, which does not change while the server runs, it
 * takes seconds and megabytes, and the page is public.
 */
@Interceptor(order = RequestPath.OPEN_API)
public class CachedOpenApi extends OpenApiInterceptor {

    /** The addresses a server answers for are few; a request naming yet another host is served without caching. */
    private static final int MAX_ADDRESSES = 8;

    private final Map<String, OpenAPI> byAddress = new ConcurrentHashMap<>();

    @Override
    protected synchronized OpenAPI generateOpenApi(ServletRequestDetails request) {
        String address = request.getFhirServerBase();
        OpenAPI cached = byAddress.get(address);
        if (cached != null) {
            return cached;
        }
        OpenAPI built = super.generateOpenApi(request);
        if (byAddress.size() < MAX_ADDRESSES) {
            byAddress.put(address, built);
        }
        return built;
    }
}
