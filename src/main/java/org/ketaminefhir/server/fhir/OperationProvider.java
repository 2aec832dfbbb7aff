package org.ketaminefhir.server.fhir;

/** Marks a bean whose {@code @Operation} methods the FHIR endpoint serves (HAPI plain provider). */
public interface OperationProvider {}
