package org.ketaminefhir.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * Notes on the request's {@link AccessRecord} what HAPI knows while it answers: the interaction, each resource shown
 * or written and the patients whose compartment it is in, and the reason for a refusal. Runs before the access checks,
 * so that a refused read still names the patient it was about.
 */
@Interceptor(order = RequestPath.AUDIT)
public class AuditTrailInterceptor {

    private final FhirContext fhirContext;

    public AuditTrailInterceptor(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean incoming(RequestDetails request) {
        AccessRecord record = record(request);
        if (record != null && request.getRestOperationType() != null) {
            record.interaction(
                    interaction(request.getRestOperationType()), request.getResourceName(), request.getOperation());
        }
        return true;
    }

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void shown(IPreResourceShowDetails shown, RequestDetails request) {
        AccessRecord record = record(request);
        if (record == null) {
            return;
        }
        for (int i = 0; i < shown.size(); i++) {
            IBaseResource resource = shown.getResource(i);
            if (resource != null) {
                note(record, resource, true);
            }
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void creating(IBaseResource resource, RequestDetails request) {
        AccessRecord record = record(request);
        if (record != null) {
            // No id yet: the patients now (in case the write is refused), the resource once stored.
            note(record, resource, false);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        AccessRecord record = record(request);
        if (record != null) {
            note(record, resource, true);
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        AccessRecord record = record(request);
        if (record != null) {
            if (previous != null) {
                note(record, previous, false);
            }
            note(record, resource, true);
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void deleting(IBaseResource resource, RequestDetails request) {
        AccessRecord record = record(request);
        if (record != null) {
            note(record, resource, true);
        }
    }

    /** A batch answers 200 even when entries are refused: the refusals still count. */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean answered(RequestDetails request, ResponseDetails response) {
        AccessRecord record = record(request);
        if (record != null
                && response.getResponseResource() instanceof Bundle bundle
                && (bundle.getType() == Bundle.BundleType.BATCHRESPONSE
                        || bundle.getType() == Bundle.BundleType.TRANSACTIONRESPONSE)) {
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                Bundle.BundleEntryResponseComponent entry =
                        bundle.getEntry().get(i).getResponse();
                if (entry.getStatus() != null && entry.getStatus().startsWith("4")) {
                    String why = entry.getOutcome() instanceof OperationOutcome outcome
                            ? outcome.getIssueFirstRep().getDiagnostics()
                            : entry.getStatus();
                    record.partlyRefused("entry " + (i + 1) + ": " + why);
                }
            }
        }
        return true;
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException exception) {
        AccessRecord record = record(request);
        if (record != null) {
            record.refusal(exception.getMessage());
        }
        return true;
    }

    private void note(AccessRecord record, IBaseResource resource, boolean withId) {
        IIdType id = resource.getIdElement();
        String type = fhirContext.getResourceType(resource);
        if (withId && id != null && id.hasIdPart()) {
            record.resource(
                    type + "/" + id.getIdPart() + (id.hasVersionIdPart() ? "/_history/" + id.getVersionIdPart() : ""));
        }
        if (resource instanceof Patient && id != null && id.hasIdPart()) {
            record.patient("Patient/" + id.getIdPart());
            return;
        }
        try {
            for (IIdType owner :
                    fhirContext.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.of())) {
                if (owner.hasIdPart()) {
                    record.patient("Patient/" + owner.getIdPart());
                }
            }
        } catch (RuntimeException notInCompartment) {
            // a type outside the patient compartment names no patient
        }
    }

    private static AccessRecord record(RequestDetails request) {
        if (request instanceof ServletRequestDetails servlet
                && servlet.getServletRequest() != null
                && servlet.getServletRequest().getAttribute(AccessRecord.ATTRIBUTE) instanceof AccessRecord record) {
            return record;
        }
        return null;
    }

    /** HAPI's interaction as a code of http://hl7.org/fhir/restful-interaction. */
    static String interaction(RestOperationTypeEnum operation) {
        return switch (operation) {
            case READ -> "read";
            case VREAD -> "vread";
            case UPDATE -> "update";
            case PATCH -> "patch";
            case DELETE -> "delete";
            case HISTORY_INSTANCE -> "history-instance";
            case HISTORY_TYPE -> "history-type";
            case HISTORY_SYSTEM -> "history-system";
            case CREATE -> "create";
            case SEARCH_TYPE, GET_PAGE -> "search-type";
            case SEARCH_SYSTEM -> "search-system";
            case METADATA -> "capabilities";
            case TRANSACTION -> "transaction";
            case BATCH -> "batch";
            default -> "operation";
        };
    }
}
