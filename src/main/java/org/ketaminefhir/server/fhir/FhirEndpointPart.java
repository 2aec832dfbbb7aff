package org.ketaminefhir.server.fhir;

import java.util.List;

/**
 * What a capability adds to the FHIR endpoint: its HAPI interceptors and providers. Each capability's configuration
 * offers its parts as beans; the assembly registers them all (an interceptor's hooks take their order from
 * {@link RequestPath}).
 */
public interface FhirEndpointPart {

    /** Interceptors of the FHIR endpoint: they see the requests that come through it, and the storage they cause. */
    default List<Object> endpointInterceptors() {
        return List.of();
    }

    /** Interceptors of HAPI's storage: they see every read and write, also those the server makes itself. */
    default List<Object> storageInterceptors() {
        return List.of();
    }

    /** Resource and operation providers; one that serves a resource type replaces HAPI's JPA provider for that type. */
    default List<Object> providers() {
        return List.of();
    }

    /** A part of endpoint interceptors only. */
    static FhirEndpointPart endpoint(Object... interceptors) {
        List<Object> list = List.of(interceptors);
        return new FhirEndpointPart() {
            @Override
            public List<Object> endpointInterceptors() {
                return list;
            }
        };
    }

    /** A part of storage interceptors only. */
    static FhirEndpointPart storage(Object... interceptors) {
        List<Object> list = List.of(interceptors);
        return new FhirEndpointPart() {
            @Override
            public List<Object> storageInterceptors() {
                return list;
            }
        };
    }

    /** Nothing (a capability switched off). */
    FhirEndpointPart NONE = new FhirEndpointPart() {};
}
