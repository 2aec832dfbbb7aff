package org.ketaminefhir.server.security.labels;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.Caller;

/**
 * Releases labelled (mental-health) resources only to tokens with the sensitive-data scope. For any other token they
 * do not exist: searches are narrowed with {@code _security:not} (so totals and {@code _summary=count} stay right),
 * included resources are left out, a read of one (or of its history) is refused (403), the history of a whole type or
 * server is refused (it cannot be narrowed), and writing one is refused (403), since a write's answer or its refusal
 * would tell what is there. Unlabelled data (an EHR's US Core resources) is untouched.
 */
@Interceptor(order = RequestPath.SENSITIVE_DATA)
public class SensitiveDataRelease {

    /** Interactions whose answers carry stored resources. */
    private static final Set<RestOperationTypeEnum> ANSWERS_WITH_DATA = EnumSet.of(
            RestOperationTypeEnum.READ,
            RestOperationTypeEnum.VREAD,
            RestOperationTypeEnum.SEARCH_TYPE,
            RestOperationTypeEnum.SEARCH_SYSTEM,
            RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.HISTORY_TYPE,
            RestOperationTypeEnum.HISTORY_SYSTEM,
            RestOperationTypeEnum.GET_PAGE,
            RestOperationTypeEnum.TRANSACTION,
            RestOperationTypeEnum.BATCH,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
            RestOperationTypeEnum.EXTENDED_OPERATION_SERVER);

    private final SensitivityLabels labels;
    private final String sensitiveScope;

    public SensitiveDataRelease(SensitivityLabels labels, String sensitiveScope) {
        this.labels = labels;
        this.sensitiveScope = sensitiveScope;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean narrowSearch(RequestDetails request) {
        RestOperationTypeEnum interaction = request.getRestOperationType();
        if ((interaction == RestOperationTypeEnum.HISTORY_TYPE || interaction == RestOperationTypeEnum.HISTORY_SYSTEM)
                && !releasedTo(request)) {
            // A history cannot be narrowed by label (HAPI has no search for it): it is all or nothing.
            throw refusal("the history of every "
                    + (request.getResourceName() == null ? "resource" : request.getResourceName()));
        }
        if (interaction == RestOperationTypeEnum.SEARCH_TYPE && !releasedTo(request)) {
            Map<String, String[]> parameters = new HashMap<>(request.getParameters());
            parameters.merge("_security:not", new String[] {labels.releaseToken()}, SensitiveDataRelease::concat);
            request.setParameters(parameters);
        }
        return true;
    }

    @Hook(Pointcut.STORAGE_PRESHOW_RESOURCES)
    public void leaveOut(IPreResourceShowDetails shown, RequestDetails request) {
        RestOperationTypeEnum interaction = request.getRestOperationType();
        if (interaction == null || !ANSWERS_WITH_DATA.contains(interaction) || releasedTo(request)) {
            return;
        }
        for (int i = 0; i < shown.size(); i++) {
            if (shown.getResource(i) instanceof Resource resource && labels.isRestricted(resource)) {
                if (interaction == RestOperationTypeEnum.READ
                        || interaction == RestOperationTypeEnum.VREAD
                        || interaction == RestOperationTypeEnum.HISTORY_INSTANCE) {
                    throw refusal("reading " + resource.fhirType() + "/"
                            + resource.getIdElement().getIdPart());
                }
                shown.setResource(i, null);
            }
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        checkWrite(null, resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        checkWrite(previous, resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void beforeDelete(IBaseResource resource, RequestDetails request) {
        checkWrite(resource, null, request);
    }

    private void checkWrite(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (releasedTo(request)) {
            return;
        }
        boolean sensitive = (resource instanceof Resource r && (labels.isSensitive(r) || labels.isRestricted(r)))
                || (previous instanceof Resource p && (labels.isSensitive(p) || labels.isRestricted(p)));
        if (sensitive) {
            Resource what = (Resource) (resource != null ? resource : previous);
            throw refusal("writing " + what.fhirType() + " (mental-health data)");
        }
    }

    private boolean releasedTo(RequestDetails request) {
        return Caller.of(request).map(Caller::sensitive).orElse(false);
    }

    private ForbiddenOperationException refusal(String what) {
        return new ForbiddenOperationException("Access denied: " + what + " needs the " + sensitiveScope
                + " scope, which this access token does not carry");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
