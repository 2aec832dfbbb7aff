package org.ketaminefhir.server.security.scopes;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One SMART resource scope, e.g. {@code patient/Observation.rs?category=vital-signs}: for whom (the launch context), on
 * which resource type ({@code *} for all), what it permits, and an optional filter that the resources must match.
 *
 * @param context   patient (only the token's patient compartment), user (what the user may see) or system
 * @param type      a FHIR resource type, or {@code *}
 * @param permissions what the scope lets the client do
 * @param filter    search parameters every resource must match (SMART 2 {@code ?param=value}); empty for none. Each
 *                  name maps to its values in the order given.
 * @param text      the scope as the token carried it
 */
public record SmartScope(
        Context context, String type, Set<Permission> permissions, Map<String, List<String>> filter, String text) {

    public enum Context {
        PATIENT("patient"),
        USER("user"),
        SYSTEM("system");

        private final String prefix;

        Context(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public static final String ANY_TYPE = "*";

    public SmartScope {
        permissions = permissions.isEmpty() ? EnumSet.noneOf(Permission.class) : EnumSet.copyOf(permissions);
        filter = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(filter));
    }

    /** True if this scope is about the given resource type (or about every type). */
    public boolean coversType(String resourceType) {
        return ANY_TYPE.equals(type) || type.equals(resourceType);
    }

    public boolean permits(Permission permission) {
        return permissions.contains(permission);
    }

    public boolean hasFilter() {
        return !filter.isEmpty();
    }

    /** The filter as a FHIR query string ({@code category=vital-signs&code=...}), or empty. */
    public String filterQuery() {
        int q = text.indexOf('?');
        return q < 0 ? "" : text.substring(q + 1);
    }

    /**
     * True if everything this scope grants is also granted by {@code wider} (used by the authorization server to check
     * a requested scope against what a client or user may have): same context, same or wildcard type, a subset of the
     * permissions, and {@code wider}'s filter (if any) is part of this one's.
     */
    public boolean isCoveredBy(SmartScope wider) {
        return context == wider.context
                && (ANY_TYPE.equals(wider.type) || wider.type.equals(type))
                && wider.permissions.containsAll(permissions)
                && wider.filter.entrySet().stream().allMatch(e -> e.getValue().equals(filter.get(e.getKey())));
    }
}
