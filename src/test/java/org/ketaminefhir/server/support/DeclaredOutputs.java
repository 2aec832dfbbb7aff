package org.ketaminefhir.server.support;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Resource;

/**
 * Checks an operation's answer against the out parameters its OperationDefinition declares, as Medplum checks the
 * outputs of its operations: every parameter returned is declared with use out, appears within the declared min..max,
 * and has the declared type (a resource of that type, or a value[x] of that type); a parameter declared without a
 * type carries parts (checked the same way against the declared parts, where the definition lists them); every
 * declared parameter with min 1 or more is present. An answer that is not Parameters is the operation's single out
 * parameter {@code return} (FHIR R4, Operations: "the response is simply the resource itself").
 */
public final class DeclaredOutputs {

    /** Resource types that any resource satisfies. */
    private static final Set<String> ANY_RESOURCE = Set.of("Resource", "DomainResource");

    private DeclaredOutputs() {}

    /** What in the answer the definition does not declare, one line each; empty if the answer matches. */
    public static List<String> mismatches(OperationDefinition definition, IBaseResource answer) {
        List<OperationDefinitionParameterComponent> outs = definition.getParameter().stream()
                .filter(p -> p.getUse() == OperationDefinition.OperationParameterUse.OUT)
                .toList();
        List<ParametersParameterComponent> returned;
        if (answer instanceof Parameters parameters) {
            returned = parameters.getParameter();
        } else {
            returned =
                    List.of(new ParametersParameterComponent().setName("return").setResource((Resource) answer));
        }
        List<String> mismatches = new ArrayList<>();
        compare("", outs, returned, FhirContext.forR4Cached().getResourceTypes(), mismatches);
        return mismatches;
    }

    private static void compare(
            String path,
            List<OperationDefinitionParameterComponent> declared,
            List<ParametersParameterComponent> returned,
            Set<String> resourceTypes,
            List<String> mismatches) {
        Map<String, List<ParametersParameterComponent>> byName = new LinkedHashMap<>();
        returned.forEach(
                p -> byName.computeIfAbsent(p.getName(), n -> new ArrayList<>()).add(p));
        Map<String, OperationDefinitionParameterComponent> definitions = new LinkedHashMap<>();
        declared.forEach(d -> definitions.put(d.getName(), d));

        byName.forEach((name, values) -> {
            OperationDefinitionParameterComponent definition = definitions.get(name);
            if (definition == null) {
                mismatches.add(path + name + ": returned but not declared as an out parameter");
                return;
            }
            if (!definition.getMax().equals("*") && values.size() > Integer.parseInt(definition.getMax())) {
                mismatches.add(path + name + ": returned " + values.size() + " times, declared at most "
                        + definition.getMax());
            }
            for (ParametersParameterComponent value : values) {
                typeMismatch(definition, value, resourceTypes).ifPresent(m -> mismatches.add(path + name + ": " + m));
                if (!definition.hasType() && definition.hasPart()) {
                    compare(path + name + ".", definition.getPart(), value.getPart(), resourceTypes, mismatches);
                }
            }
        });
        definitions.forEach((name, definition) -> {
            if (definition.getMin() > 0 && byName.getOrDefault(name, List.of()).size() < definition.getMin()) {
                mismatches.add(path + name + ": declared min " + definition.getMin() + ", returned "
                        + byName.getOrDefault(name, List.of()).size());
            }
        });
    }

    private static Optional<String> typeMismatch(
            OperationDefinitionParameterComponent definition,
            ParametersParameterComponent value,
            Set<String> resourceTypes) {
        String type = definition.hasType() ? definition.getType() : null;
        boolean resource = value.getResource() != null;
        String actual = resource
                ? "resource " + value.getResource().fhirType()
                : value.hasValue() ? "value " + value.getValue().fhirType() : value.hasPart() ? "parts" : "nothing";
        boolean matches;
        if (type == null) {
            matches = value.hasPart() && !value.hasValue() && !resource;
        } else if (ANY_RESOURCE.contains(type) || resourceTypes.contains(type)) {
            matches = resource
                    && !value.hasValue()
                    && !value.hasPart()
                    && (ANY_RESOURCE.contains(type)
                            || value.getResource().fhirType().equals(type));
        } else {
            matches = value.hasValue()
                    && !resource
                    && !value.hasPart()
                    && value.getValue().fhirType().equals(type);
        }
        return matches
                ? Optional.empty()
                : Optional.of("declared " + (type == null ? "with parts" : "of type " + type) + ", returned " + actual);
    }
}
