package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.context.FhirContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the access rules treat each resource type: in the patient compartment (a {@code patient/} scope reaches it only
 * for its patient), shared reference data (readable in a patient context: the medication, the practitioner), conformance
 * resources (no patient data: any valid token may read them; writing them needs a scope naming the type, because they
 * define what the server enforces), and the audit trail (its own rules).
 */
public final class ResourceKinds {

    /** Read by any token that may read the type, also in a patient context: they describe no patient. */
    static final Set<String> REFERENCE_DATA = Set.of(
            "Medication",
            "Practitioner",
            "PractitionerRole",
            "Organization",
            "Location",
            "Substance",
            "HealthcareService",
            "Endpoint");

    /** Definitions, not data: readable with any valid token; writable only with a scope naming the type. */
    static final Set<String> CONFORMANCE = Set.of(
            "StructureDefinition",
            "ValueSet",
            "CodeSystem",
            "ConceptMap",
            "OperationDefinition",
            "SearchParameter",
            "CapabilityStatement",
            "ImplementationGuide",
            "NamingSystem",
            "CompartmentDefinition",
            "StructureMap",
            "Questionnaire",
            "ActivityDefinition",
            "PlanDefinition",
            "Library",
            "Measure",
            "GraphDefinition",
            "MessageDefinition",
            "TerminologyCapabilities");

    /**
     * Terminology operations any valid token may call on conformance resources. Not {@code $subsumes}: HAPI answers it
     * from a full-text index the server does not have (500 for every call), so it is refused and not declared.
     */
    static final Set<String> TERMINOLOGY_OPERATIONS = Set.of("$expand", "$lookup", "$validate-code", "$translate");

    public static final String AUDIT_EVENT = "AuditEvent";

    private final FhirContext fhirContext;
    private final ConcurrentHashMap<String, Boolean> inPatientCompartment = new ConcurrentHashMap<>();

    public ResourceKinds(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** True for Patient and every type with a search parameter that puts it in a patient's compartment. */
    public boolean inPatientCompartment(String type) {
        return inPatientCompartment.computeIfAbsent(type, t -> {
            if ("Patient".equals(t)) {
                return true;
            }
            try {
                return !fhirContext
                        .getResourceDefinition(t)
                        .getSearchParamsForCompartmentName("Patient")
                        .isEmpty();
            } catch (RuntimeException unknownType) {
                return false;
            }
        });
    }

    public static boolean isReferenceData(String type) {
        return REFERENCE_DATA.contains(type);
    }

    public static boolean isConformance(String type) {
        return CONFORMANCE.contains(type);
    }

    /** The HAPI model class of a resource type. */
    public Class<? extends org.hl7.fhir.instance.model.api.IBaseResource> resourceClass(String type) {
        return fhirContext.getResourceDefinition(type).getImplementingClass();
    }

    /** The model class of a resource type, or null for a name that is not an R4 resource type. */
    public Class<? extends org.hl7.fhir.instance.model.api.IBaseResource> resourceClassOrNull(String type) {
        try {
            return resourceClass(type);
        } catch (RuntimeException unknown) {
            return null;
        }
    }
}
