package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.scopes.Permission;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;

/**
 * A patient's whole record ({@code $everything}, its summary {@code $summary}, and the later pages of any search) holds only the resource types the
 * token may read (the audit trail only for its readers): a resource of another type is left out, as a labelled one is without the sensitive-data scope,
 * rather than the whole answer being refused because one resource in it is not the caller's to see. HAPI's
 * authorization rules still check every resource that remains (compartment, scope filters).
 */
@Interceptor(order = RequestPath.EVERYTHING_NARROWING)
public class EverythingNarrowing {

    /** The operations whose answers are a patient's records of many types: $everything and the patient summary. */
    static final java.util.Set<String> NARROWED_OPERATIONS = java.util.Set.of("$everything", "$summary");

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void leaveOutUngrantedTypes(IPreResourceShowDetails shown, RequestDetails request) {
        if (!applies(request)) {
            return;
        }
        Caller caller = Caller.of(request).orElse(null);
        if (caller == null || caller.isServer()) {
            return;
        }
        for (int i = 0; i < shown.size(); i++) {
            IBaseResource resource = shown.getResource(i);
            if (resource != null && !mayRead(request.getFhirContext(), caller, resource.fhirType())) {
                shown.setResource(i, null);
            }
        }
    }

    private static boolean applies(RequestDetails request) {
        RestOperationTypeEnum interaction = request.getRestOperationType();
        return interaction == RestOperationTypeEnum.GET_PAGE
                || ((interaction == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE
                                || interaction == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE)
                        && NARROWED_OPERATIONS.contains(request.getOperation()));
    }

    /**
     * True if a scope without a filter grants reading this type, in a context the caller has; in the patient's context
     * only for types in the patient compartment ({@code $everything} also returns resources that merely refer to the
     * patient, such as a Task {@code for} them, which a {@code patient/} scope does not reach).
     */
    static boolean mayRead(FhirContext fhirContext, Caller caller, String type) {
        if (ResourceKinds.AUDIT_EVENT.equals(type)) {
            // The audit trail has readers of its own (a patient's AuditEvents are in their compartment).
            return SmartRules.mayReadAudit(caller, Permission.READ)
                    || SmartRules.mayReadAudit(caller, Permission.SEARCH);
        }
        for (Context context : Context.values()) {
            if (context == Context.PATIENT
                    && (!caller.hasPatientContext() || !inPatientCompartment(fhirContext, type))) {
                continue;
            }
            if (caller.scopes().granting(context, type, Permission.READ).stream()
                    .anyMatch(s -> !s.hasFilter())) {
                return true;
            }
        }
        return false;
    }

    /** True if resources of this type can belong to a patient's compartment (the Patient itself included). */
    static boolean inPatientCompartment(FhirContext fhirContext, String type) {
        return "Patient".equals(type)
                || fhirContext.getResourceDefinition(type).getSearchParams().stream()
                        .anyMatch(p -> p.getProvidesMembershipInCompartments() != null
                                && p.getProvidesMembershipInCompartments().contains("Patient"));
    }
}
