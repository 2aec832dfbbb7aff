package org.ketaminefhir.server.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;

/**
 * Which writes the clinical rules (and the per-patient write lock they rely on) see: every write a client makes, and a
 * write the server makes itself only when it asks for them (the demo journey is recorded as a clinic would record it).
 * The server's other writes (a safety alert raised by a rule, the IG's conformance resources) are not clinical records
 * being entered and are not checked again.
 */
public final class RuleScope {

    private static final String KEY = RuleScope.class.getName() + ".apply";

    private RuleScope() {}

    public static boolean applies(RequestDetails request) {
        return !(request instanceof SystemRequestDetails)
                || Boolean.TRUE.equals(request.getUserData().get(KEY));
    }

    /** Marks a server-made request so that the clinical rules run on its writes. */
    public static <T extends RequestDetails> T applyRulesTo(T request) {
        request.getUserData().put(KEY, Boolean.TRUE);
        return request;
    }
}
