package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.util.UrlUtil;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.fhir.PagingLinks;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.labels.SensitivityLabels;
import org.ketaminefhir.server.security.scopes.Permission;
import org.ketaminefhir.server.security.scopes.SmartScope;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;

/**
 * The access decisions HAPI's authorization rules do not make, taken before they run:
 * <ul>
 *   <li>{@code $meta}, {@code $meta-add}, {@code $meta-delete} are not served (labels and tags are the server's);</li>
 *   <li>{@code $validate} needs a create or update scope on the type (HAPI's rules skip it);</li>
 *   <li>a search or history across the whole server needs an unfiltered {@code user/*} or {@code system/*} search
 *       scope and the sensitive-data scope; the history of a whole type needs a type-wide search scope (a patient
 *       context reads its resources' own histories);</li>
 *   <li>{@code _has} needs the search scope on the other type and the sensitive-data scope, a chained parameter
 *       needs the search scope on the type it reaches;</li>
 *   <li>filtered scopes ({@code ?category=vital-signs}) are added to the search, so results and totals match them;</li>
 *   <li>a paging link works only for the caller that made the search;</li>
 *   <li>each GET entry of a batch or transaction is checked like a request of its own (read needs {@code r},
 *       search {@code s}; searches confined and narrowed the same way); operations inside a batch are refused;</li>
 *   <li>the answer to a write does not carry the resource when the token may not read its type;</li>
 *   <li>safety alerts, Tasks and the Observations derived from questionnaire responses are not written under a
 *       patient's token ({@code patient/} scopes): clinicians and the server write them.</li>
 * </ul>
 */
@Interceptor(order = RequestPath.ACCESS_GATE)
public class AccessGate {

    private final FhirContext fhirContext;
    private final SearchPages pages;
    private final SensitivityLabels labels;
    private final String sensitiveScope;
    private final String findingProfile;

    /**
     * @param findingProfile the IG's questionnaire-finding profile (an Observation declaring it is derived from a
     *     questionnaire response)
     */
    public AccessGate(
            FhirContext fhirContext,
            SearchPages pages,
            SensitivityLabels labels,
            String sensitiveScope,
            String findingProfile) {
        this.fhirContext = fhirContext;
        this.pages = pages;
        this.labels = labels;
        this.sensitiveScope = sensitiveScope;
        this.findingProfile = findingProfile;
    }

    /** The audit trail is written by the server alone: no create, update, patch or delete, for anyone (405). */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean auditTrailIsReadOnly(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String trail = FhirEndpoint.PATH + "/" + ResourceKinds.AUDIT_EVENT;
        // Writes only: POST .../_search is a search, an operation ($validate) goes by the access rules.
        boolean write = path.equals(trail)
                || (path.startsWith(trail + "/") && !path.endsWith("/_search") && !path.contains("/$"));
        if (write && List.of("POST", "PUT", "PATCH", "DELETE").contains(request.getMethod())) {
            throw new MethodNotAllowedException(
                    "The audit trail is written by the server only: AuditEvents cannot be "
                            + "created, changed or deleted through the API",
                    RequestTypeEnum.GET);
        }
        return true;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean incoming(RequestDetails request) {
        Caller caller = caller(request);
        if (caller.isServer()) {
            return true;
        }
        RestOperationTypeEnum interaction = request.getRestOperationType();
        String type = request.getResourceName();
        if (interaction == null) {
            return true;
        }
        switch (interaction) {
            case META, META_ADD, META_DELETE ->
                throw forbidden(
                        "the $meta operations are not available: tags and security labels are kept by the server");
            case GRAPHQL_REQUEST -> throw forbidden("GraphQL is not available");
            case VALIDATE -> checkValidate(caller, request, type);
            case SEARCH_SYSTEM -> requireWholeServer(caller, "a search across all resource types");
            case HISTORY_SYSTEM -> requireWholeServer(caller, "the history of the whole server");
            case HISTORY_TYPE -> requireTypeWide(caller, type);
            case GET_PAGE -> checkPage(caller, request);
            case SEARCH_TYPE -> {
                checkSearchParameters(caller, type, request.getParameters().keySet());
                Map<String, String[]> narrowed = withFilters(caller, type, request.getParameters());
                if (narrowed != request.getParameters()) {
                    // a modifiable map: HAPI removes parameters from it later
                    request.setParameters(new HashMap<>(narrowed));
                }
            }
            case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER -> {
                Optional<OperationAccess.Operation> operation = OperationAccess.named(request.getOperation());
                if (operation.isPresent() && operation.get().sensitive() && !caller.sensitive()) {
                    throw forbidden(request.getOperation() + " reads mental-health data and needs the " + sensitiveScope
                            + " scope");
                }
            }
            default -> {
                // reads and writes: HAPI's authorization rules
            }
        }
        return true;
    }

    /**
     * Batch and transaction GET entries, checked and narrowed one by one before anything runs; and the clinic's records
     * a patient's token may not write (see {@link #beforeCreate}), refused before the body is validated.
     */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void entries(RequestDetails request) {
        RestOperationTypeEnum interaction = request.getRestOperationType();
        if (interaction == RestOperationTypeEnum.CREATE || interaction == RestOperationTypeEnum.UPDATE) {
            clinicRecord(
                    request,
                    interaction == RestOperationTypeEnum.CREATE ? Permission.CREATE : Permission.UPDATE,
                    request.getResource());
        } else if ((interaction == RestOperationTypeEnum.TRANSACTION || interaction == RestOperationTypeEnum.BATCH)
                && request.getResource() instanceof Bundle written) {
            for (Bundle.BundleEntryComponent entry : written.getEntry()) {
                Bundle.HTTPVerb verb = entry.getRequest().getMethod();
                if (entry.hasResource() && (verb == Bundle.HTTPVerb.POST || verb == Bundle.HTTPVerb.PUT)) {
                    clinicRecord(
                            request,
                            verb == Bundle.HTTPVerb.POST ? Permission.CREATE : Permission.UPDATE,
                            entry.getResource());
                }
            }
        }
        if ((interaction != RestOperationTypeEnum.TRANSACTION && interaction != RestOperationTypeEnum.BATCH)
                || !(request.getResource() instanceof Bundle bundle)) {
            return;
        }
        Caller caller = caller(request);
        if (caller.isServer()) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getRequest().getMethod() == Bundle.HTTPVerb.GET
                    && entry.getRequest().hasUrl()) {
                entry.getRequest().setUrl(checkedGet(caller, entry.getRequest().getUrl()));
            }
        }
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails request, ResponseDetails response) {
        Caller caller = Caller.of(request).orElse(null);
        if (caller == null || caller.isServer()) {
            return true;
        }
        IBaseResource body = response.getResponseResource();
        RestOperationTypeEnum interaction = request.getRestOperationType();
        if (interaction == RestOperationTypeEnum.CREATE
                || interaction == RestOperationTypeEnum.UPDATE
                || interaction == RestOperationTypeEnum.PATCH) {
            if (body instanceof Resource resource
                    && !(body instanceof OperationOutcome)
                    && !caller.scopes().grantsAny(resource.fhirType(), Permission.READ)) {
                response.setResponseResource(writtenWithoutBody(resource));
            }
        } else if ((interaction == RestOperationTypeEnum.TRANSACTION || interaction == RestOperationTypeEnum.BATCH)
                && body instanceof Bundle answer) {
            for (Bundle.BundleEntryComponent entry : answer.getEntry()) {
                if (entry.getResource() != null
                        && !(entry.getResource() instanceof OperationOutcome)
                        && !(entry.getResource() instanceof Bundle)
                        && !caller.scopes().grantsAny(entry.getResource().fhirType(), Permission.READ)
                        && !caller.scopes().grantsAny(entry.getResource().fhirType(), Permission.SEARCH)) {
                    entry.setResource(null);
                }
            }
        }
        if (body instanceof Bundle bundle) {
            for (Bundle.BundleLinkComponent link : bundle.getLink()) {
                String searchId = PagingLinks.searchId(link.getUrl());
                if (searchId != null) {
                    pages.recordOwner(searchId, caller);
                    break;
                }
            }
        }
        return true;
    }

    /**
     * The clinic's own records about a patient (safety alerts, questionnaire Tasks, and the findings the server derives
     * from a questionnaire response) are written by clinicians ({@code user/} scopes) and the server, never under a
     * patient's token: a {@code patient/} scope may let the patient answer a questionnaire, not write what it means (a
     * patient must not close their own suicide-risk alert or change their score). A storage hook, so that transaction
     * entries are checked too; the previous version of an update counts as well.
     */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        clinicRecord(request, Permission.CREATE, resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        clinicRecord(request, Permission.UPDATE, previous, resource);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void beforeDelete(IBaseResource resource, RequestDetails request) {
        clinicRecord(request, Permission.DELETE, resource);
    }

    private void clinicRecord(RequestDetails request, Permission permission, IBaseResource... versions) {
        Caller caller = Caller.of(request).orElse(null);
        if (caller == null || caller.isServer()) {
            return;
        }
        String what = null;
        String type = null;
        for (IBaseResource version : versions) {
            if (version instanceof Resource resource && what == null) {
                what = clinicRecordKind(resource);
                type = resource.fhirType();
            }
        }
        if (what == null
                || !caller.scopes().granting(Context.USER, type, permission).isEmpty()
                || !caller.scopes().granting(Context.SYSTEM, type, permission).isEmpty()
                || caller.scopes().granting(Context.PATIENT, type, permission).isEmpty()) {
            return; // a clinician's or backend's scope grants it; or no scope does, and HAPI's rules refuse it
        }
        throw forbidden(what + " are the clinic's records: clinicians (user/ scopes) and the server write them, a"
                + " patient's token (patient/ scopes) does not; a patient answers questionnaires"
                + " (QuestionnaireResponse), and the server derives the rest");
    }

    /** What kind of clinic record the resource is (for the refusal), or null if it is none of them. */
    String clinicRecordKind(Resource resource) {
        if (resource instanceof DetectedIssue) {
            return "Safety alerts (DetectedIssue)";
        }
        if (resource instanceof Task) {
            return "Tasks";
        }
        if (resource instanceof Observation observation
                && (observation.getMeta().getProfile().stream().anyMatch(p -> findingProfile.equals(p.getValue()))
                        || observation.getDerivedFrom().stream().anyMatch(AccessGate::isQuestionnaireResponse))) {
            return "Observations derived from a questionnaire response";
        }
        return null;
    }

    private static boolean isQuestionnaireResponse(Reference reference) {
        return "QuestionnaireResponse".equals(reference.getType())
                || reference.getResource() instanceof QuestionnaireResponse
                || (reference.hasReference()
                        && reference.getReference().matches("(.*/)?QuestionnaireResponse/[^/]+(/_history/.*)?"));
    }

    /** RFC 6750: a refusal for want of scope says so in WWW-Authenticate. */
    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean onException(BaseServerResponseException exception, HttpServletResponse response) {
        if (exception instanceof ForbiddenOperationException) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"fhir\", error=\"insufficient_scope\"");
        } else if (exception instanceof AuthenticationException) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"fhir\", error=\"invalid_token\"");
        }
        return true;
    }

    // ----- checks ---------------------------------------------------------------------------------------------------

    private void checkValidate(Caller caller, RequestDetails request, String type) {
        boolean writes = caller.scopes().grantsAny(type, Permission.CREATE)
                || caller.scopes().grantsAny(type, Permission.UPDATE);
        if (!writes) {
            throw forbidden("$validate on " + type + " needs a create or update scope on " + type);
        }
        if (request.getId() != null
                && request.getId().hasIdPart()
                && caller.scopes().granting(Context.USER, type, Permission.READ).isEmpty()
                && caller.scopes()
                        .granting(Context.SYSTEM, type, Permission.READ)
                        .isEmpty()) {
            throw forbidden("$validate on a stored " + type + " needs a user/ or system/ read scope on " + type);
        }
    }

    private void requireWholeServer(Caller caller, String what) {
        boolean wide = caller.scopes().resourceScopes().stream()
                .anyMatch(s -> s.context() != Context.PATIENT
                        && SmartScope.ANY_TYPE.equals(s.type())
                        && s.permits(Permission.SEARCH)
                        && !s.hasFilter());
        if (!wide || !caller.sensitive()) {
            throw forbidden(
                    what + " needs an unfiltered user/*.s or system/*.s scope and the " + sensitiveScope + " scope");
        }
    }

    private void requireTypeWide(Caller caller, String type) {
        boolean wide = caller.scopes().resourceScopes().stream()
                .anyMatch(s -> s.context() != Context.PATIENT
                        && s.coversType(type)
                        && s.permits(Permission.SEARCH)
                        && !s.hasFilter());
        if (!wide) {
            throw forbidden("the history of every " + type + " needs an unfiltered user/ or system/ search scope on "
                    + type + " (in a patient context, read the history of each resource)");
        }
    }

    private void checkPage(Caller caller, RequestDetails request) {
        String[] searchId = request.getParameters().get("_getpages");
        if (searchId == null || searchId.length != 1 || !pages.isOwner(searchId[0], caller)) {
            throw forbidden("this page belongs to a search made with another access token; repeat the search");
        }
    }

    private void checkSearchParameters(Caller caller, String type, Iterable<String> parameters) {
        for (String parameter : parameters) {
            if (parameter.startsWith("_has:")) {
                String[] parts = parameter.split(":");
                String other = parts.length > 1 ? parts[1] : "";
                if (!caller.scopes().grantsAny(other, Permission.SEARCH) || !caller.sensitive()) {
                    throw forbidden("_has on " + other + " needs a search scope on " + other + " and the "
                            + sensitiveScope + " scope");
                }
            } else if (parameter.contains(".") && !parameter.startsWith("_")) {
                for (String target : chainTargets(type, parameter)) {
                    if (!caller.scopes().grantsAny(target, Permission.SEARCH)) {
                        throw forbidden("the chained parameter " + parameter + " reaches " + target
                                + " and needs a search scope on it");
                    }
                }
            }
        }
    }

    /** The types a chained parameter ({@code subject.name}, {@code subject:Patient.name}) searches in. */
    private List<String> chainTargets(String type, String parameter) {
        String head = parameter.substring(0, parameter.indexOf('.'));
        int colon = head.indexOf(':');
        if (colon >= 0) {
            return List.of(head.substring(colon + 1));
        }
        RuntimeSearchParam param =
                type == null ? null : fhirContext.getResourceDefinition(type).getSearchParam(head);
        if (param == null || param.getTargets().isEmpty()) {
            return List.of("*");
        }
        return List.copyOf(param.getTargets());
    }

    /**
     * Adds the caller's filtered scopes to a search: one filtered scope is added as it is; several with the same single
     * parameter become one OR list; an unfiltered scope needs nothing. Other combinations cannot be expressed in one
     * FHIR search and are refused with a clear message.
     */
    Map<String, String[]> withFilters(Caller caller, String type, Map<String, String[]> parameters) {
        List<SmartScope> granting = caller.scopes().resourceScopes().stream()
                .filter(s -> s.coversType(type) && s.permits(Permission.SEARCH))
                .filter(s -> s.context() != Context.PATIENT || caller.hasPatientContext())
                .toList();
        if (granting.isEmpty() || granting.stream().anyMatch(s -> !s.hasFilter())) {
            return parameters;
        }
        Map<String, List<String>> added = new LinkedHashMap<>();
        if (granting.size() == 1) {
            added.putAll(granting.get(0).filter());
        } else {
            boolean oneParameter = granting.stream()
                            .allMatch(s -> s.filter().size() == 1
                                    && s.filter().values().iterator().next().size() == 1)
                    && granting.stream()
                                    .map(s -> s.filter().keySet().iterator().next())
                                    .distinct()
                                    .count()
                            == 1;
            if (!oneParameter) {
                throw forbidden("the access token's filtered scopes on " + type
                        + " cannot be combined into one search; search with each filter separately");
            }
            String name = granting.get(0).filter().keySet().iterator().next();
            List<String> values =
                    granting.stream().map(s -> s.filter().get(name).get(0)).toList();
            added.put(name, List.of(String.join(",", values)));
        }
        Map<String, String[]> narrowed = new HashMap<>(parameters);
        added.forEach((name, values) -> {
            List<String> all = new ArrayList<>(List.of(narrowed.getOrDefault(name, new String[0])));
            all.addAll(values);
            narrowed.put(name, all.toArray(String[]::new));
        });
        return narrowed;
    }

    /** Checks one GET entry of a batch and returns its URL, narrowed as the same search on its own would be. */
    private String checkedGet(Caller caller, String url) {
        if (url.contains("$")) {
            throw forbidden("operations inside a batch or transaction are not available; call them directly");
        }
        UrlUtil.UrlParts parts = UrlUtil.parseUrl(url);
        String type = parts.getResourceType();
        if (url.startsWith("?") || type == null || type.startsWith("_")) {
            if (url.contains("_getpages")) {
                throw forbidden("paging inside a batch is not available");
            }
            requireWholeServer(caller, "a search or history across all resource types");
            return url;
        }
        boolean history = url.contains("/_history");
        if (parts.getResourceId() != null) {
            if (!caller.scopes().grantsAny(type, Permission.READ)) {
                throw forbidden("reading " + type + " needs a read scope (r) on " + type);
            }
            return url;
        }
        if (history) {
            requireTypeWide(caller, type);
            return url;
        }
        if (!caller.scopes().grantsAny(type, Permission.SEARCH)) {
            throw forbidden("searching " + type + " needs a search scope (s) on " + type);
        }
        Map<String, String[]> parameters = UrlUtil.parseQueryString(parts.getParams() == null ? "" : parts.getParams());
        checkSearchParameters(caller, type, parameters.keySet());
        Map<String, String[]> narrowed = new LinkedHashMap<>(withFilters(caller, type, parameters));
        confineToPatient(caller, type, narrowed);
        if (!caller.sensitive()) {
            narrowed.merge("_security:not", new String[] {labels.releaseToken()}, AccessGate::concat);
        }
        return type + "?" + query(narrowed);
    }

    /** The batch counterpart of {@link PatientCompartmentNarrowing} for a patient-context token. */
    private void confineToPatient(Caller caller, String type, Map<String, String[]> parameters) {
        if (!caller.hasPatientContext()
                || ResourceKinds.isReferenceData(type)
                || ResourceKinds.isConformance(type)
                || caller.scopes().resourceScopes().stream()
                        .anyMatch(s -> s.context() != Context.PATIENT && s.coversType(type))) {
            return;
        }
        String name;
        if ("Patient".equals(type)) {
            name = "_id";
        } else {
            List<RuntimeSearchParam> compartment =
                    fhirContext.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient");
            if (compartment.isEmpty()) {
                throw forbidden("searching " + type + " is not available in a patient context");
            }
            name = compartment.stream().anyMatch(p -> p.getName().equals("patient"))
                    ? "patient"
                    : compartment.get(0).getName();
        }
        String[] given = parameters.get(name);
        if (given == null) {
            parameters.put(name, new String[] {"_id".equals(name) ? caller.patient() : caller.patientReference()});
            return;
        }
        for (String value : given) {
            for (String one : value.split(",")) {
                String id = one.substring(one.lastIndexOf('/') + 1);
                if (!id.equals(caller.patient())) {
                    throw forbidden("the access token is for one patient; " + name + "=" + one + " names another");
                }
            }
        }
    }

    private OperationOutcome writtenWithoutBody(Resource resource) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics("Stored " + resource.fhirType() + "/"
                        + resource.getIdElement().getIdPart()
                        + "; its content is not returned because the access token may not read " + resource.fhirType());
        return outcome;
    }

    private static String query(Map<String, String[]> parameters) {
        List<String> pairs = new ArrayList<>();
        parameters.forEach((name, values) -> {
            for (String value : values) {
                pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("%3A", ":") + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return String.join("&", pairs);
    }

    private static Caller caller(RequestDetails request) {
        return Caller.of(request).orElseThrow(() -> new AuthenticationException("An access token is required"));
    }

    private static ForbiddenOperationException forbidden(String why) {
        return new ForbiddenOperationException("Access denied: " + why);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
