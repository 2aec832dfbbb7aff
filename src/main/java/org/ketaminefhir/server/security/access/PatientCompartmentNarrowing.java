package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;

/**
 * Confines the searches (and conditional URLs) of a patient-context token to its patient's compartment: a search
 * without {@code patient=} gets it added, one naming another patient is refused (HAPI's SearchNarrowingInterceptor).
 * A token whose {@code user/} or {@code system/} scopes cover the type is not confined. System-level searches and the
 * entries of batches are left to the access gate (HAPI's version fails on the first and turns reads in a batch into
 * searches).
 */
@Interceptor(order = RequestPath.SEARCH_NARROWING)
public class PatientCompartmentNarrowing extends SearchNarrowingInterceptor {

    public PatientCompartmentNarrowing() {
        setNarrowConditionalUrls(true);
    }

    @Override
    protected AuthorizedList buildAuthorizedList(RequestDetails request) {
        Caller caller = Caller.of(request).orElse(null);
        if (caller == null || caller.isServer() || !caller.hasPatientContext()) {
            return null;
        }
        String type = request.getResourceName();
        boolean confined = caller.scopes().resourceScopes().stream()
                .filter(s -> s.context() != Context.PATIENT)
                .noneMatch(s -> type == null || s.coversType(type));
        if (!confined
                || (type != null && ResourceKinds.isReferenceData(type))
                || (type != null && ResourceKinds.isConformance(type))) {
            return null;
        }
        return new AuthorizedList().addCompartment(caller.patientReference());
    }

    @Override
    public void hookIncomingRequestPostProcessed(
            RequestDetails request, HttpServletRequest servletRequest, HttpServletResponse servletResponse) {
        if (request.getRestOperationType() == RestOperationTypeEnum.SEARCH_SYSTEM) {
            return;
        }
        super.hookIncomingRequestPostProcessed(request, servletRequest, servletResponse);
    }

    @Override
    public void hookIncomingRequestPreHandled(
            ServletRequestDetails request, HttpServletRequest servletRequest, HttpServletResponse servletResponse) {
        // Batch and transaction entries: see AccessGate.
    }
}
