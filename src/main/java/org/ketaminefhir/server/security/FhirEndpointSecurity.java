package org.ketaminefhir.server.security;

import java.util.List;
import org.ketaminefhir.server.audit.AuditEventProvider;

/**
 * What security adds to HAPI's RestfulServer: its interceptors (audit notes, access gate, sensitive-data release,
 * search narrowing, authorization rules, SMART CapabilityStatement) and the AuditEvent endpoint. Empty when security
 * is switched off.
 *
 * @param interceptors registered on the FHIR endpoint in this order (their hooks carry their own order too)
 * @param auditEvents  serves AuditEvent instead of HAPI's JPA provider; null when off
 */
public record FhirEndpointSecurity(List<Object> interceptors, AuditEventProvider auditEvents) {

	public FhirEndpointSecurity {
		interceptors = List.copyOf(interceptors);
	}

	public static FhirEndpointSecurity off() {
		return new FhirEndpointSecurity(List.of(), null);
	}
}
