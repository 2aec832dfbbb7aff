package org.ketaminefhir.server.security.scopes;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which requested scopes a list of allowed scopes covers, the SMART way: {@code patient/*.cruds} covers
 * {@code patient/Observation.rs} and {@code patient/Observation.read}; {@code patient/Observation.rs} covers
 * {@code patient/Observation.rs?category=vital-signs} (a filter narrows) but not the other way round; other scopes
 * ({@code openid}, {@code launch/patient}, the sensitive-data scope) must be listed as they are.
 */
public final class ScopePolicy {

    private ScopePolicy() {}

    public static boolean covers(Collection<String> allowed, String requested) {
        SmartScope wanted = SmartScopes.parseResourceScope(requested);
        if (wanted == null) {
            return allowed.contains(requested);
        }
        for (String candidate : allowed) {
            SmartScope wider = SmartScopes.parseResourceScope(candidate);
            if (wider != null && wanted.isCoveredBy(wider)) {
                return true;
            }
        }
        return false;
    }

    /** The requested scopes that {@code allowed} covers, in the order requested. */
    public static Set<String> within(Collection<String> requested, Collection<String> allowed) {
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : requested) {
            if (covers(allowed, scope)) {
                granted.add(scope);
            }
        }
        return granted;
    }

    /** The requested scopes that {@code allowed} does not cover. */
    public static Set<String> outside(Collection<String> requested, Collection<String> allowed) {
        Set<String> refused = new LinkedHashSet<>(requested);
        refused.removeAll(within(requested, allowed));
        return refused;
    }
}
