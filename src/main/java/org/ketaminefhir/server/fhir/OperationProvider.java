package org.ketaminefhir.server.fhir;

import java.util.List;

/** Marks a bean whose {@code @Operation} methods the FHIR endpoint serves (a HAPI plain provider). */
public interface OperationProvider extends FhirEndpointPart {

    @Override
    default List<Object> providers() {
        return List.of(this);
    }
}
