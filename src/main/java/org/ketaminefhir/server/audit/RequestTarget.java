package org.ketaminefhir.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a request to the FHIR endpoint aims at, read from its method, path and query alone: enough to audit a request
 * refused before HAPI saw it (no token, a bad token). The interaction is a code of
 * {@code http://hl7.org/fhir/restful-interaction}.
 *
 * @param interaction the FHIR interaction
 * @param resourceType the resource type in the path, if any
 * @param id          the resource id in the path, if any
 * @param operation   the operation ({@code $everything}), if any
 * @param patients    the patients the request names ({@code Patient/1} in the path, {@code patient=} or
 *                    {@code subject=Patient/1} in the query)
 */
public record RequestTarget(
        String interaction, String resourceType, String id, String operation, List<String> patients) {

    public static RequestTarget of(String method, String pathAfterFhir, Map<String, String[]> query) {
        List<String> segments = new ArrayList<>();
        for (String segment : pathAfterFhir.split("/")) {
            if (!segment.isBlank()) {
                segments.add(segment);
            }
        }
        String type = null;
        String id = null;
        String operation = null;
        for (String segment : segments) {
            if (segment.startsWith("$")) {
                operation = segment;
            }
        }
        if (!segments.isEmpty() && Character.isUpperCase(segments.get(0).charAt(0))) {
            type = segments.get(0);
            if (segments.size() > 1
                    && !segments.get(1).startsWith("$")
                    && !segments.get(1).startsWith("_")) {
                id = segments.get(1);
            }
        }
        boolean history = segments.contains("_history");
        String interaction = interaction(method, segments, type, id, operation, history, query);
        List<String> patients = new ArrayList<>();
        if ("Patient".equals(type) && id != null) {
            patients.add("Patient/" + id);
        }
        for (String name : List.of("patient", "subject", "subject:Patient", "patient:Patient")) {
            String[] values = query.get(name);
            if (values == null) {
                continue;
            }
            for (String value : values) {
                for (String one : value.split(",")) {
                    String ref = patientReference(one, name.startsWith("patient") || name.endsWith(":Patient"));
                    if (ref != null && !patients.contains(ref)) {
                        patients.add(ref);
                    }
                }
            }
        }
        return new RequestTarget(interaction, type, id, operation, List.copyOf(patients));
    }

    private static String interaction(
            String method,
            List<String> segments,
            String type,
            String id,
            String operation,
            boolean history,
            Map<String, String[]> query) {
        if (operation != null) {
            return "operation";
        }
        if (segments.size() == 1 && "metadata".equals(segments.get(0))) {
            return "capabilities";
        }
        switch (method) {
            case "GET", "HEAD" -> {
                if (history) {
                    return id != null
                            ? (segments.size() > 3 ? "vread" : "history-instance")
                            : type != null ? "history-type" : "history-system";
                }
                if (id != null) {
                    return "read";
                }
                return type != null ? "search-type" : "search-system";
            }
            case "POST" -> {
                if (type == null) {
                    return "transaction";
                }
                return segments.contains("_search") ? "search-type" : "create";
            }
            case "PUT" -> {
                return "update";
            }
            case "PATCH" -> {
                return "patch";
            }
            case "DELETE" -> {
                return "delete";
            }
            default -> {
                return "operation";
            }
        }
    }

    private static String patientReference(String value, boolean bareIdIsPatient) {
        String trimmed = value.trim();
        int at = trimmed.indexOf("Patient/");
        if (at >= 0) {
            String id = trimmed.substring(at + "Patient/".length());
            int slash = id.indexOf('/');
            id = slash >= 0 ? id.substring(0, slash) : id;
            return id.matches("[A-Za-z0-9\\-.]{1,64}") ? "Patient/" + id : null;
        }
        return bareIdIsPatient && trimmed.matches("[A-Za-z0-9\\-.]{1,64}") ? "Patient/" + trimmed : null;
    }
}
