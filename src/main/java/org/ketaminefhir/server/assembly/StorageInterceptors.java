package org.ketaminefhir.server.assembly;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import java.util.List;
import org.ketaminefhir.server.fhir.FhirEndpointPart;

/**
 * The parts' storage interceptors, registered with HAPI's storage when this bean is made: while the server starts, before
 * the implementation guide, the demo data or a request is written.
 */
public final class StorageInterceptors {

    private final List<Object> registered;

    StorageInterceptors(IInterceptorService interceptors, List<FhirEndpointPart> parts) {
        this.registered = parts.stream()
                .flatMap(part -> part.storageInterceptors().stream())
                .toList();
        registered.forEach(interceptors::registerInterceptor);
    }

    /** What was registered. */
    public List<Object> registered() {
        return registered;
    }
}
