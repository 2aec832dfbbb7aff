package org.ketaminefhir.server.security.scopes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;

/**
 * The scopes a token carries, parsed per SMART App Launch 2.x (and its SMART 1 names): resource scopes such as
 * {@code patient/Observation.rs}, {@code user/*.cruds}, {@code system/Patient.read} or
 * {@code patient/Observation.rs?category=vital-signs}, and every other scope ({@code openid}, {@code fhirUser},
 * {@code launch/patient}, {@code offline_access}, the sensitive-data scope, an identity provider's own scopes) by name.
 *
 * <p>A scope that looks like a resource scope but breaks the grammar (permission letters out of order or unknown, an
 * empty type, a filter on a SMART 1 scope, a malformed filter) grants nothing and is listed in {@link #malformed()}.
 * Scopes the server does not know are kept by name and grant nothing either.
 */
public final class SmartScopes {

    // context "/" type "." permissions ["?" filter]
    private static final Pattern RESOURCE_SCOPE =
            Pattern.compile("^(patient|user|system)/([A-Za-z]+|\\*)\\.([a-z*]+)(?:\\?(.*))?$");
    private static final Pattern LOOKS_LIKE_RESOURCE_SCOPE = Pattern.compile("^(patient|user|system)/.*");
    private static final Pattern FILTER_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.:\\-]*$");

    private final List<SmartScope> resourceScopes;
    private final Set<String> names;
    private final List<String> malformed;

    private SmartScopes(List<SmartScope> resourceScopes, Set<String> names, List<String> malformed) {
        this.resourceScopes = List.copyOf(resourceScopes);
        this.names = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(names));
        this.malformed = List.copyOf(malformed);
    }

    public static SmartScopes none() {
        return new SmartScopes(List.of(), Set.of(), List.of());
    }

    /**
     * Parses a token's {@code scope} claim: a space-separated string, or a JSON list of strings. Anything else is
     * refused ({@link IllegalArgumentException}).
     */
    public static SmartScopes fromClaim(Object claim) {
        if (claim == null) {
            return none();
        }
        if (claim instanceof String text) {
            return parse(List.of(text.trim().split("\\s+")));
        }
        if (claim instanceof Collection<?> values) {
            List<String> scopes = new ArrayList<>();
            for (Object value : values) {
                if (!(value instanceof String s)) {
                    throw new IllegalArgumentException("the scope claim must be a string or a list of strings");
                }
                scopes.addAll(List.of(s.trim().split("\\s+")));
            }
            return parse(scopes);
        }
        throw new IllegalArgumentException("the scope claim must be a string or a list of strings");
    }

    public static SmartScopes parse(Collection<String> scopes) {
        List<SmartScope> resourceScopes = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<String> malformed = new ArrayList<>();
        for (String scope : scopes) {
            if (scope == null || scope.isBlank()) {
                continue;
            }
            SmartScope parsed = parseResourceScope(scope);
            if (parsed != null) {
                resourceScopes.add(parsed);
            } else if (LOOKS_LIKE_RESOURCE_SCOPE.matcher(scope).matches()) {
                malformed.add(scope);
            } else {
                names.add(scope);
            }
        }
        return new SmartScopes(resourceScopes, names, malformed);
    }

    /** Parses one resource scope, or returns null if it is not a well-formed one. */
    public static SmartScope parseResourceScope(String scope) {
        Matcher m = RESOURCE_SCOPE.matcher(scope);
        if (!m.matches()) {
            return null;
        }
        Context context = Context.valueOf(m.group(1).toUpperCase());
        String type = m.group(2);
        if (!"*".equals(type) && !Character.isUpperCase(type.charAt(0))) {
            return null;
        }
        String letters = m.group(3);
        String query = m.group(4);
        Set<Permission> permissions;
        boolean smart1 = false;
        switch (letters) {
            case "read" -> {
                permissions = EnumSet.of(Permission.READ, Permission.SEARCH);
                smart1 = true;
            }
            case "write" -> {
                permissions = EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
                smart1 = true;
            }
            case "*" -> {
                permissions = EnumSet.allOf(Permission.class);
                smart1 = true;
            }
            default -> permissions = smart2Letters(letters);
        }
        if (permissions == null) {
            return null;
        }
        Map<String, List<String>> filter = Map.of();
        if (query != null) {
            if (smart1) {
                return null;
            }
            filter = parseFilter(query);
            if (filter == null) {
                return null;
            }
        }
        return new SmartScope(context, type, permissions, filter, scope);
    }

    /** SMART 2 permission letters: at least one, each of c r u d s at most once and in that order. */
    private static Set<Permission> smart2Letters(String letters) {
        if (letters.isEmpty()) {
            return null;
        }
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        int last = -1;
        for (char letter : letters.toCharArray()) {
            Permission found = null;
            for (Permission p : Permission.values()) {
                if (p.letter() == letter) {
                    found = p;
                }
            }
            if (found == null || found.ordinal() <= last) {
                return null;
            }
            permissions.add(found);
            last = found.ordinal();
        }
        return permissions;
    }

    private static Map<String, List<String>> parseFilter(String query) {
        if (query.isBlank()) {
            return null;
        }
        Map<String, List<String>> filter = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                return null;
            }
            String name;
            String value;
            try {
                name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException badEscape) {
                return null;
            }
            if (!FILTER_NAME.matcher(name).matches() || value.isBlank()) {
                return null;
            }
            filter.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return filter;
    }

    public List<SmartScope> resourceScopes() {
        return resourceScopes;
    }

    /** The non-resource scopes, by name ({@code openid}, {@code launch/patient}, {@code sensitive/psy.read}, ...). */
    public Set<String> names() {
        return names;
    }

    public boolean has(String name) {
        return names.contains(name);
    }

    /** Scopes that looked like SMART resource scopes but were not well formed; they grant nothing. */
    public List<String> malformed() {
        return malformed;
    }

    public boolean isEmpty() {
        return resourceScopes.isEmpty();
    }

    /** The resource scopes of one context that cover the given type and permission. */
    public List<SmartScope> granting(Context context, String resourceType, Permission permission) {
        return resourceScopes.stream()
                .filter(s -> s.context() == context && s.coversType(resourceType) && s.permits(permission))
                .toList();
    }

    /** True if any scope (of any context) grants this permission on this type. */
    public boolean grantsAny(String resourceType, Permission permission) {
        return resourceScopes.stream().anyMatch(s -> s.coversType(resourceType) && s.permits(permission));
    }

    public boolean hasContext(Context context) {
        return resourceScopes.stream().anyMatch(s -> s.context() == context);
    }

    /** The scopes as one space-separated string, in the order given. */
    public String text() {
        List<String> all = new ArrayList<>();
        resourceScopes.forEach(s -> all.add(s.text()));
        all.addAll(names);
        return String.join(" ", all);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SmartScopes that
                && resourceScopes.equals(that.resourceScopes)
                && names.equals(that.names)
                && malformed.equals(that.malformed);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(resourceScopes, names, malformed);
    }

    @Override
    public String toString() {
        return text();
    }
}
