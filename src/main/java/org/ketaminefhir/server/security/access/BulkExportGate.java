package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Parameters;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.Caller;

/**
 * Bulk Data export ({@code $export}) under the rules of {@link BulkExportAccess}:
 * <ul>
 *   <li>the kick-off needs a backend-services token; the types it exports are those the token may read (a type asked
 *       for and not granted refuses it), and the export's files are stamped with the client that started it;</li>
 *   <li>the status of an export (and its cancelling, {@code DELETE}) answers only the client that started it: to any
 *       other, the export does not exist (404);</li>
 *   <li>an export's files (Binary resources) are read, changed or deleted only by that client (403), and left out of
 *       anyone else's search.</li>
 * </ul>
 * Which labelled resources go into the files is decided while the export runs: {@link BulkExportRelease}.
 */
@Interceptor(order = RequestPath.BULK_EXPORT_GATE)
public class BulkExportGate {

    private final IJobCoordinator jobs;

    public BulkExportGate(IJobCoordinator jobs) {
        this.jobs = jobs;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean incoming(RequestDetails request) {
        String operation = request.getOperation();
        if (operation == null || !isOperation(request.getRestOperationType())) {
            return true;
        }
        Caller caller = caller(request);
        if (caller.isServer()) {
            return true;
        }
        if (ProviderConstants.OPERATION_EXPORT.equals(operation) && !BulkExportAccess.mayExport(caller.scopes())) {
            throw forbidden(BulkExportAccess.NEEDS_SYSTEM_SCOPE);
        }
        return true;
    }

    /**
     * An export's status, asked for (or cancelled) by another client: 404. Checked once HAPI has parsed a POSTed
     * Parameters body, so that a job id given there is checked as one in the URL is.
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void status(RequestDetails request) {
        if (!ProviderConstants.OPERATION_EXPORT_POLL_STATUS.equals(request.getOperation())) {
            return;
        }
        Caller caller = caller(request);
        String jobId = jobId(request);
        if (!caller.isServer() && jobId != null && !startedBy(jobId, caller)) {
            throw new ResourceNotFoundException("No Bulk Data export " + jobId + " was started by this client");
        }
    }

    /** The kick-off: which types, and whose files. Runs before HAPI's authorization rules check the export. */
    @Hook(Pointcut.STORAGE_INITIATE_BULK_EXPORT)
    public void kickOff(BulkExportJobParameters export, RequestDetails request) {
        Caller caller = caller(request);
        if (caller.isServer()) {
            return;
        }
        boolean asked = typesAsked(request);
        String unexportable = BulkExportAccess.unexportable(export.getResourceTypes(), asked);
        if (unexportable != null) {
            throw new InvalidRequestException(unexportable);
        }
        BulkExportAccess.Decision decision =
                BulkExportAccess.decide(caller.scopes(), BulkExportAccess.exportable(export.getResourceTypes()), asked);
        if (decision.refused()) {
            throw forbidden(decision.refusal());
        }
        export.setResourceTypes(decision.types());
        export.setBinarySecurityContextIdentifierSystem(BulkExportAccess.filesSystem(caller));
        export.setBinarySecurityContextIdentifierValue(BulkExportAccess.owner(caller));
    }

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void files(IPreResourceShowDetails shown, RequestDetails request) {
        Caller caller = Caller.of(request).orElse(null);
        if (caller == null || caller.isServer()) {
            return;
        }
        RestOperationTypeEnum interaction = request.getRestOperationType();
        boolean read = interaction == RestOperationTypeEnum.READ || interaction == RestOperationTypeEnum.VREAD;
        for (int i = 0; i < shown.size(); i++) {
            if (shown.getResource(i) instanceof Binary file && isExportFile(file)) {
                String refusal = whyNotRead(file, caller);
                if (refusal != null && read) {
                    throw forbidden(refusal);
                } else if (refusal != null) {
                    shown.setResource(i, null);
                }
            }
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        checkChange(previous, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void beforeDelete(IBaseResource resource, RequestDetails request) {
        checkChange(resource, request);
    }

    private void checkChange(IBaseResource stored, RequestDetails request) {
        Caller caller = Caller.of(request).orElse(null);
        if (caller != null && !caller.isServer() && stored instanceof Binary file && isExportFile(file)) {
            String refusal = whyNotRead(file, caller);
            if (refusal != null) {
                throw forbidden(refusal);
            }
        }
    }

    private boolean startedBy(String jobId, Caller caller) {
        JobInstance instance;
        try {
            instance = jobs.getInstance(jobId);
        } catch (ResourceNotFoundException unknown) {
            return false;
        }
        BulkExportJobParameters export = instance.getParameters(BulkExportJobParameters.class);
        return BulkExportAccess.mayRead(
                export.getBinarySecurityContextIdentifierSystem(),
                export.getBinarySecurityContextIdentifierValue(),
                caller);
    }

    /** True if the client named the types to export ({@code _type}), in the URL or in a POSTed Parameters body. */
    static boolean typesAsked(RequestDetails request) {
        if (request.getParameters().containsKey(JpaConstants.PARAM_EXPORT_TYPE)) {
            return true;
        }
        return request.getResource() instanceof Parameters parameters
                && parameters.getParameter(JpaConstants.PARAM_EXPORT_TYPE) != null;
    }

    private static String jobId(RequestDetails request) {
        String[] given = request.getParameters().get(JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID);
        if (given != null && given.length > 0) {
            return given[0];
        }
        if (request.getResource() instanceof Parameters parameters
                && parameters.getParameter(JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID) != null) {
            return parameters
                    .getParameter(JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID)
                    .getValue()
                    .primitiveValue();
        }
        return null;
    }

    private static boolean isExportFile(Binary file) {
        return BulkExportAccess.isExportFile(
                file.getSecurityContext().getIdentifier().getSystem());
    }

    private static String whyNotRead(Binary file, Caller caller) {
        return BulkExportAccess.whyNotRead(
                file.getSecurityContext().getIdentifier().getSystem(),
                file.getSecurityContext().getIdentifier().getValue(),
                caller);
    }

    private static boolean isOperation(RestOperationTypeEnum interaction) {
        return interaction == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER
                || interaction == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE
                || interaction == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE;
    }

    private static Caller caller(RequestDetails request) {
        return Caller.of(request).orElseThrow(() -> new AuthenticationException("An access token is required"));
    }

    private static ForbiddenOperationException forbidden(String why) {
        return new ForbiddenOperationException("Access denied: " + why);
    }
}
