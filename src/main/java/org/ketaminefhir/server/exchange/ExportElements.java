package org.ketaminefhir.server.exchange;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * {@code _elements} of a Bulk Data export (checked at kick-off by {@link ExportKickOff}): each resource of a type an
 * element applies to ({@code name} applies to every type that has it, {@code Type.name} to that type) keeps only the
 * elements asked for, its mandatory elements (minimum cardinality 1) and {@code id}, {@code meta} (its labels and
 * version), {@code implicitRules} and {@code modifierExtension}; it is tagged {@code SUBSETTED}
 * (http://terminology.hl7.org/CodeSystem/v3-ObservationValue) so that nobody writes it back over the whole resource.
 * A resource of a type no element applies to is exported whole. The export runs as a batch job: a storage hook on the
 * export's own copy of each resource.
 */
@Interceptor(order = RequestPath.EXPORT_ELEMENTS)
public class ExportElements {

    /** Kept in every subsetted resource: what identifies it, its labels, and what changes its meaning. */
    private static final Set<String> ALWAYS = Set.of("id", "meta", "implicitRules", "modifierExtension");

    static final String SUBSETTED_DISPLAY = "subsetted";

    private final FhirContext fhirContext;

    public ExportElements(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    @Hook(Pointcut.STORAGE_BULK_EXPORT_RESOURCE_INCLUSION)
    public boolean include(BulkExportJobParameters export, IBaseResource resource) {
        Object asked = export.getUserData().get(ExportKickOff.ELEMENTS);
        if (asked instanceof String elements && !elements.isBlank() && resource instanceof Resource r) {
            subset(r, elements.split(","));
        }
        return true;
    }

    /** Keeps the elements asked for that apply to this resource's type; false (untouched) if none applies. */
    boolean subset(Resource resource, String[] elements) {
        RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(resource);
        Set<String> names = ExportKickOff.topLevelNames(definition);
        Set<String> keep = new HashSet<>();
        for (String element : elements) {
            int dot = element.indexOf('.');
            String name = dot < 0 ? element : element.substring(dot + 1);
            boolean applies = dot < 0 || element.substring(0, dot).equals(resource.fhirType());
            if (applies && names.contains(name)) {
                keep.add(name);
            }
        }
        if (keep.isEmpty()) {
            return false;
        }
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            String name = baseName(child);
            if (!keep.contains(name) && !ALWAYS.contains(name) && child.getMin() < 1) {
                child.getMutator().setValue(resource, null);
            }
        }
        if (resource.getMeta().getTag(Constants.TAG_SUBSETTED_SYSTEM_R4, Constants.TAG_SUBSETTED_CODE) == null) {
            resource.getMeta()
                    .addTag(Constants.TAG_SUBSETTED_SYSTEM_R4, Constants.TAG_SUBSETTED_CODE, SUBSETTED_DISPLAY);
        }
        return true;
    }

    /** An element's name as {@code _elements} gives it: a choice ({@code value[x]}) without its {@code [x]}. */
    static String baseName(BaseRuntimeChildDefinition child) {
        String name = child.getElementName();
        return name.endsWith("[x]") ? name.substring(0, name.length() - 3) : name;
    }
}
