package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOp;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifier;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderRuleOpClassifierFinished;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleFinished;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.scopes.Permission;
import org.ketaminefhir.server.security.scopes.SmartScope;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;

/**
 * Turns a caller's SMART scopes into HAPI authorization rules, one request at a time.
 *
 * <ul>
 *   <li>{@code r} and {@code s} are told apart by the interaction: HAPI's read rule covers both, so each read rule
 *       carries a tester that lets it apply to reads ({@code r}) or to searches and paging ({@code s}) only;</li>
 *   <li>{@code u} without {@code c} updates but never creates (an update that would create needs {@code c});</li>
 *   <li>a {@code patient/} scope reaches only its patient's compartment, plus shared reference data (medications,
 *       practitioners) when the scope names the type or {@code *};</li>
 *   <li>a filter ({@code ?category=vital-signs}) must match every resource read or written under the scope;</li>
 *   <li>conformance resources are readable with any token and writable only with a scope that names their type;</li>
 *   <li>the audit trail is readable with {@code system/} scopes, or {@code user/} scopes of an auditor, and never
 *       writable;</li>
 *   <li>the clinical operations need what {@link OperationAccess} lists.</li>
 * </ul>
 */
public class SmartRules {

    static final Set<RestOperationTypeEnum> READS = EnumSet.of(
            RestOperationTypeEnum.READ,
            RestOperationTypeEnum.VREAD,
            RestOperationTypeEnum.HISTORY_INSTANCE,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
            RestOperationTypeEnum.EXTENDED_OPERATION_SERVER);

    static final Set<RestOperationTypeEnum> SEARCHES = EnumSet.of(
            RestOperationTypeEnum.SEARCH_TYPE,
            RestOperationTypeEnum.SEARCH_SYSTEM,
            RestOperationTypeEnum.HISTORY_TYPE,
            RestOperationTypeEnum.HISTORY_SYSTEM,
            RestOperationTypeEnum.GET_PAGE);

    private final ResourceKinds kinds;

    public SmartRules(ResourceKinds kinds) {
        this.kinds = kinds;
    }

    public List<IAuthRule> rulesFor(Caller caller) {
        if (caller.isServer()) {
            return new RuleBuilder().allowAll("the server itself").build();
        }
        RuleBuilder rules = new RuleBuilder();
        rules.allow("capability statement").metadata();
        // A later page of a search or of $everything: HAPI lets the first read rule decide on the way in (whatever its
        // resource type), so without this the audit trail's refusal below would refuse every page to a non-auditor.
        // Only the request is let in: each resource on the page is still checked by the rules below on the way out.
        rules.allow("later pages (each resource checked on the way out)")
                .read()
                .allResources()
                .withAnyId()
                .withTester(LATER_PAGE);

        // The audit trail: only its readers, never written through the API.
        for (RestOperationTypeEnum kind : List.of(RestOperationTypeEnum.READ, RestOperationTypeEnum.SEARCH_TYPE)) {
            Permission permission = kind == RestOperationTypeEnum.READ ? Permission.READ : Permission.SEARCH;
            if (mayReadAudit(caller, permission)) {
                rules.allow("audit trail (" + permission.name().toLowerCase() + ")")
                        .read()
                        .resourcesOfType(ResourceKinds.AUDIT_EVENT)
                        .withAnyId()
                        .withTester(interaction(permission));
            }
        }
        rules.deny("the audit trail needs system/AuditEvent.rs, or user/AuditEvent.rs and the auditor role")
                .read()
                .resourcesOfType(ResourceKinds.AUDIT_EVENT)
                .withAnyId();
        rules.deny("the audit trail cannot be changed")
                .write()
                .resourcesOfType(ResourceKinds.AUDIT_EVENT)
                .withAnyId();
        rules.deny("the audit trail cannot be deleted")
                .delete()
                .resourcesOfType(ResourceKinds.AUDIT_EVENT)
                .withAnyId();

        // Definitions: readable by all; writable only with a scope naming the type.
        for (String type : ResourceKinds.CONFORMANCE) {
            rules.allow("definitions are readable").read().resourcesOfType(type).withAnyId();
            if (!namesTypeFor(caller, type, Permission.CREATE, Permission.UPDATE)) {
                rules.deny("writing " + type + " needs a scope naming it")
                        .write()
                        .resourcesOfType(type)
                        .withAnyId();
            }
            if (!namesTypeFor(caller, type, Permission.DELETE)) {
                rules.deny("deleting " + type + " needs a scope naming it")
                        .delete()
                        .resourcesOfType(type)
                        .withAnyId();
            }
        }
        for (String operation : ResourceKinds.TERMINOLOGY_OPERATIONS) {
            for (String type : OperationAccess.TERMINOLOGY_TYPES) {
                Class<? extends org.hl7.fhir.instance.model.api.IBaseResource> resourceClass =
                        kinds.resourceClass(type);
                rules.allow("terminology")
                        .operation()
                        .named(operation)
                        .onType(resourceClass)
                        .andAllowAllResponses();
                rules.allow("terminology")
                        .operation()
                        .named(operation)
                        .onInstancesOfType(resourceClass)
                        .andAllowAllResponses();
            }
        }

        boolean updates = false;
        for (SmartScope scope : caller.scopes().resourceScopes()) {
            if (scope.context() == Context.PATIENT && !caller.hasPatientContext()) {
                continue;
            }
            for (Permission permission : scope.permissions()) {
                grant(rules, caller, scope, permission);
                updates |= permission == Permission.UPDATE;
            }
        }
        validate(rules, caller);
        if (updates) {
            // HAPI checks a PATCH on the resource before and after it is changed (as an update); this lets it in.
            rules.allow("patch").patch().allRequests();
        }

        for (OperationAccess.Operation operation : OperationAccess.OPERATIONS) {
            if (operation.sensitive() && !caller.sensitive()) {
                continue;
            }
            for (Context context : OperationAccess.contextsPermitting(operation, caller.scopes())) {
                if (context == Context.PATIENT && OperationAccess.NOT_FOR_PATIENT_TOKENS.contains(operation.name())) {
                    continue;
                }
                if (context != Context.PATIENT && OperationAccess.TYPE_LEVEL.contains(operation.name())) {
                    rules.allow(operation.name() + " at type level")
                            .operation()
                            .named(operation.name())
                            .onType(kinds.resourceClass(operation.type()))
                            .andRequireExplicitResponseAuthorization();
                }
                var named = rules.allow(operation.name()).operation().named(operation.name());
                Class<? extends org.hl7.fhir.instance.model.api.IBaseResource> type =
                        kinds.resourceClass(operation.type());
                if (context == Context.PATIENT) {
                    if (!caller.hasPatientContext()) {
                        continue;
                    }
                    if (Patient.class.equals(type)) {
                        named.onInstance(new IdType("Patient", caller.patient()))
                                .andRequireExplicitResponseAuthorization();
                    } else {
                        // e.g. $rems-summary on a session: the operation reads the session with the caller's rights
                        // first.
                        named.onInstancesOfType(type).andRequireExplicitResponseAuthorization();
                    }
                } else {
                    named.onInstancesOfType(type).andRequireExplicitResponseAuthorization();
                }
            }
        }

        if (BulkExportAccess.mayExport(caller.scopes())) {
            bulkExport(rules);
        }
        // An export's files: readable by the client that started it, whatever its scopes say of Binary.
        rules.allow("Bulk Data export files")
                .read()
                .resourcesOfType("Binary")
                .withAnyId()
                .withTester(exportFileOf(caller));

        rules.allow("transaction and batch entries under these rules")
                .transaction()
                .withAnyOperation()
                .andApplyNormalRules();
        return rules.build();
    }

    /**
     * Bulk Data export at every level, and its status: which types, and whose files, {@link BulkExportGate} decides
     * before these rules run.
     */
    private static void bulkExport(RuleBuilder rules) {
        String export = ProviderConstants.OPERATION_EXPORT;
        rules.allow("system export").operation().named(export).onServer().andAllowAllResponses();
        rules.allow("patient export")
                .operation()
                .named(export)
                .onType(Patient.class)
                .andAllowAllResponses();
        rules.allow("patient export")
                .operation()
                .named(export)
                .onInstancesOfType(Patient.class)
                .andAllowAllResponses();
        rules.allow("group export")
                .operation()
                .named(export)
                .onInstancesOfType(Group.class)
                .andAllowAllResponses();
        rules.allow("export status")
                .operation()
                .named(ProviderConstants.OPERATION_EXPORT_POLL_STATUS)
                .onServer()
                .andAllowAllResponses();
        rules.allow("export of the types the token reads").bulkExport().any();
    }

    /** Lets the Binary read rule apply to the export files of this caller only. */
    private static IAuthRuleTester exportFileOf(Caller caller) {
        return new IAuthRuleTester() {
            @Override
            public boolean matches(RuleTestRequest request) {
                return request.operation == RestOperationTypeEnum.READ
                        || request.operation == RestOperationTypeEnum.VREAD;
            }

            @Override
            public boolean matchesOutput(RuleTestRequest request) {
                return matches(request)
                        && request.resource instanceof Binary file
                        && BulkExportAccess.mayRead(
                                file.getSecurityContext().getIdentifier().getSystem(),
                                file.getSecurityContext().getIdentifier().getValue(),
                                caller);
            }
        };
    }

    /**
     * {@code $validate} checks a resource the caller could write: a create or update scope on the type. Validating a
     * stored resource (instance level) also reads it: a user/ or system/ read scope on the type.
     */
    private void validate(RuleBuilder rules, Caller caller) {
        for (SmartScope scope : caller.scopes().resourceScopes()) {
            if (!scope.permits(Permission.CREATE) && !scope.permits(Permission.UPDATE)) {
                continue;
            }
            boolean any = SmartScope.ANY_TYPE.equals(scope.type());
            Class<? extends org.hl7.fhir.instance.model.api.IBaseResource> type =
                    any ? null : kinds.resourceClassOrNull(scope.type());
            if (!any && type == null) {
                continue;
            }
            var typeLevel =
                    rules.allow("$validate under " + scope.text()).operation().named("$validate");
            (any ? typeLevel.onAnyType() : typeLevel.onType(type)).andAllowAllResponses();
            boolean reads = scope.context() != Context.PATIENT
                    && !caller.scopes()
                            .granting(scope.context(), any ? "*" : scope.type(), Permission.READ)
                            .isEmpty();
            if (reads) {
                var instanceLevel = rules.allow("$validate of a stored resource under " + scope.text())
                        .operation()
                        .named("$validate");
                (any ? instanceLevel.onAnyInstance() : instanceLevel.onInstancesOfType(type)).andAllowAllResponses();
            }
        }
    }

    /** The audit trail's readers: a system/ scope on AuditEvent, or a user/ one and the auditor role. */
    static boolean mayReadAudit(Caller caller, Permission permission) {
        if (!caller.scopes()
                .granting(Context.SYSTEM, ResourceKinds.AUDIT_EVENT, permission)
                .isEmpty()) {
            return true;
        }
        return caller.auditor()
                && !caller.scopes()
                        .granting(Context.USER, ResourceKinds.AUDIT_EVENT, permission)
                        .isEmpty();
    }

    private static boolean namesTypeFor(Caller caller, String type, Permission... permissions) {
        return caller.scopes().resourceScopes().stream()
                .filter(s -> s.type().equals(type) && s.context() != Context.PATIENT)
                .anyMatch(s -> List.of(permissions).stream().anyMatch(s::permits));
    }

    private void grant(RuleBuilder rules, Caller caller, SmartScope scope, Permission permission) {
        String name = scope.text() + " (" + permission.name().toLowerCase() + ")";
        IAuthRuleBuilderRuleOp op = switch (permission) {
            case READ, SEARCH -> rules.allow(name).read();
            case CREATE -> rules.allow(name).create();
            case UPDATE -> rules.allow(name).write();
            case DELETE -> rules.allow(name).delete();
        };
        IAuthRuleBuilderRuleOpClassifier target =
                SmartScope.ANY_TYPE.equals(scope.type()) ? op.allResources() : op.resourcesOfType(scope.type());
        IAuthRuleBuilderRuleOpClassifierFinished finished = scope.context() == Context.PATIENT
                ? target.inCompartment("Patient", List.of(new IdType("Patient", caller.patient())))
                : target.withAnyId();
        finish(finished, scope, permission);

        boolean reading = permission == Permission.READ || permission == Permission.SEARCH;
        if (scope.context() == Context.PATIENT && reading) {
            // Shared reference data carries no patient: a patient/ scope naming the type (or *) reads it.
            for (String type : ResourceKinds.REFERENCE_DATA) {
                if (scope.coversType(type)) {
                    finish(
                            rules.allow(name + " reference data")
                                    .read()
                                    .resourcesOfType(type)
                                    .withAnyId(),
                            scope,
                            permission);
                }
            }
        }
    }

    private static void finish(IAuthRuleBuilderRuleOpClassifierFinished rule, SmartScope scope, Permission permission) {
        IAuthRuleFinished finished = switch (permission) {
            case READ, SEARCH -> rule.withTester(interaction(permission));
            // Without c, an update must not create (HAPI's write rule covers both).
            case UPDATE ->
                rule.withTester(new IAuthRuleTester() {
                    @Override
                    public boolean matches(RuleTestRequest request) {
                        return request.operation != RestOperationTypeEnum.CREATE;
                    }
                });
            default -> rule;
        };
        if (scope.hasFilter()) {
            finished.withFilterTester(scope.filterQuery());
        }
    }

    /** Lets a read rule apply to reads only ({@code r}) or to searches only ({@code s}). */
    /** A paging request on its way in, never a resource on its way out. */
    static final IAuthRuleTester LATER_PAGE = new IAuthRuleTester() {
        @Override
        public boolean matches(RuleTestRequest request) {
            return request.operation == RestOperationTypeEnum.GET_PAGE && request.resource == null;
        }

        @Override
        public boolean matchesOutput(RuleTestRequest request) {
            return false;
        }
    };

    static IAuthRuleTester interaction(Permission permission) {
        return new IAuthRuleTester() {
            @Override
            public boolean matches(RuleTestRequest request) {
                return applies(request);
            }

            @Override
            public boolean matchesOutput(RuleTestRequest request) {
                return applies(request);
            }

            private boolean applies(RuleTestRequest request) {
                RestOperationTypeEnum interaction = request.operation;
                RestOperationTypeEnum outer = request.requestDetails.getRestOperationType();
                if (outer == RestOperationTypeEnum.TRANSACTION || outer == RestOperationTypeEnum.BATCH) {
                    // Entries of a batch are told apart by the access gate before they run; here both apply.
                    return true;
                }
                return permission == Permission.READ ? READS.contains(interaction) : SEARCHES.contains(interaction);
            }
        };
    }
}
