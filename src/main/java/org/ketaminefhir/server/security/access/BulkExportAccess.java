package org.ketaminefhir.server.security.access;

import java.util.ArrayList;
import java.util.List;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.scopes.Permission;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;
import org.ketaminefhir.server.security.scopes.SmartScopes;

/**
 * Who may start a Bulk Data export, of which resource types, and who may read its files.
 *
 * <ul>
 *   <li>An export is started with a backend-services token: unfiltered {@code system/} read scopes ({@code system/*.rs}
 *       or {@code system/Observation.rs}), for each type it exports. A type asked for with {@code _type} that the token
 *       may not read refuses the export; without {@code _type} the export holds the types the token may read.</li>
 *   <li>Its files carry the client that started it (HAPI writes it into {@code Binary.securityContext.identifier}), and
 *       whether that token had the sensitive-data scope: only that client reads them, and a file of labelled data
 *       only with the sensitive-data scope.</li>
 * </ul>
 */
public final class BulkExportAccess {

    /** The identifier system of an export's files when its token had no sensitive-data scope. */
    public static final String FILES_OF_CLIENT = "urn:ketamine-fhir:bulk-export:client";

    /** The identifier system of an export's files when its token had the sensitive-data scope. */
    public static final String FILES_OF_CLIENT_WITH_SENSITIVE_DATA = "urn:ketamine-fhir:bulk-export:client:sensitive";

    /**
     * The resource types to export, or why the export is refused.
     *
     * @param types   the types to export (empty when refused)
     * @param refusal why the export is refused, or null
     */
    public record Decision(List<String> types, String refusal) {

        static Decision refuse(String why) {
            return new Decision(List.of(), why);
        }

        public boolean refused() {
            return refusal != null;
        }
    }

    /** Why a token without an unfiltered system/ read scope cannot start an export. */
    public static final String NEEDS_SYSTEM_SCOPE =
            "a Bulk Data export needs a backend-services token with an unfiltered "
                    + "system/ read scope (system/*.rs, or system/[type].rs for each type exported)";

    private BulkExportAccess() {}

    /** True if the scopes start some export: an unfiltered {@code system/} read scope on at least one type. */
    public static boolean mayExport(SmartScopes scopes) {
        return scopes.resourceScopes().stream()
                .anyMatch(s -> s.context() == Context.SYSTEM && s.permits(Permission.READ) && !s.hasFilter());
    }

    /** True if the scopes let an export hold this type. */
    public static boolean mayExport(SmartScopes scopes, String type) {
        return scopes.granting(Context.SYSTEM, type, Permission.READ).stream().anyMatch(s -> !s.hasFilter());
    }

    /**
     * Decides an export.
     *
     * @param scopes   the kick-off token's scopes
     * @param types    the types the export would hold (asked for, or every type the export kind covers)
     * @param asked    true if the client named the types ({@code _type}); false if they are the export's default
     */
    public static Decision decide(SmartScopes scopes, List<String> types, boolean asked) {
        if (!mayExport(scopes)) {
            return Decision.refuse(NEEDS_SYSTEM_SCOPE);
        }
        List<String> granted = new ArrayList<>();
        for (String type : types) {
            if (mayExport(scopes, type)) {
                granted.add(type);
            } else if (asked) {
                return Decision.refuse("the export asks for " + type + " (_type) and the access token may not read it: "
                        + "it needs an unfiltered system/" + type + ".rs or system/*.rs scope");
            }
        }
        if (granted.isEmpty()) {
            return Decision.refuse("the access token may read none of the resource types this export would hold");
        }
        return new Decision(List.copyOf(granted), null);
    }

    /**
     * Why these types cannot be exported at all, or null: the audit trail is kept apart from HAPI's storage (append-only,
     * {@code /fhir/AuditEvent}), so an export of it would be empty rather than the trail.
     */
    public static String unexportable(List<String> types, boolean asked) {
        return asked && types.contains(ResourceKinds.AUDIT_EVENT)
                ? "the audit trail is not part of a Bulk Data export: search /fhir/AuditEvent instead (system/AuditEvent.rs)"
                : null;
    }

    /** The types an export holds by default: all those given except the audit trail (see {@link #unexportable}). */
    public static List<String> exportable(List<String> types) {
        return types.stream().filter(t -> !ResourceKinds.AUDIT_EVENT.equals(t)).toList();
    }

    /** The identifier value naming the client that started an export (its issuer and client id). */
    public static String owner(Caller caller) {
        return caller.clientId() + " from " + caller.issuer();
    }

    /** The identifier system for the files of an export started by this caller. */
    public static String filesSystem(Caller caller) {
        return caller.sensitive() ? FILES_OF_CLIENT_WITH_SENSITIVE_DATA : FILES_OF_CLIENT;
    }

    /** True if a file with this security context identifier is an export's file. */
    public static boolean isExportFile(String system) {
        return FILES_OF_CLIENT.equals(system) || FILES_OF_CLIENT_WITH_SENSITIVE_DATA.equals(system);
    }

    /** True if the export with this security context leaves out labelled resources. */
    public static boolean leavesOutLabelledData(String system) {
        return FILES_OF_CLIENT.equals(system);
    }

    /**
     * True if the caller may read (or delete) an export file with this security context identifier: the client that
     * started the export, and, for a file of labelled data, with the sensitive-data scope.
     */
    public static boolean mayRead(String system, String value, Caller caller) {
        return whyNotRead(system, value, caller) == null;
    }

    /** Why the caller may not read (or delete) an export file with this security context identifier; null if it may. */
    public static String whyNotRead(String system, String value, Caller caller) {
        if (!isExportFile(system) || !owner(caller).equals(value)) {
            return "this file belongs to a Bulk Data export another client started";
        }
        if (FILES_OF_CLIENT_WITH_SENSITIVE_DATA.equals(system) && !caller.sensitive()) {
            return "this file is from an export that may hold mental-health labelled data: reading it needs the "
                    + "sensitive-data scope the export was started with";
        }
        return null;
    }
}
