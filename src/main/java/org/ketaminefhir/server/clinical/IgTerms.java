package org.ketaminefhir.server.clinical;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;

/** The IG's canonical URLs and codes, derived from the installed guide so that no canonical is spelled twice. */
public final class IgTerms {

    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String UCUM = "http://unitsofmeasure.org";

    private final String base;

    public IgTerms(ImplementationGuidePackage guide) {
        this.base = guide.canonicalBase();
    }

    public String codeSystem(String id) {
        return base + "/CodeSystem/" + id;
    }

    public String profile(String id) {
        return base + "/StructureDefinition/" + id;
    }

    public String extension(String id) {
        return base + "/StructureDefinition/" + id;
    }

    /** The canonical URL of one of this IG's Questionnaires ({@code phq-9}, ...). */
    public String questionnaire(String id) {
        return base + "/Questionnaire/" + id;
    }

    public String observationCodes() {
        return codeSystem("ketamine-observation-codes");
    }

    public boolean declares(Resource resource, String profileId) {
        String url = profile(profileId);
        return resource.getMeta().getProfile().stream().anyMatch(p -> url.equals(p.getValue()));
    }

    public static boolean hasCoding(CodeableConcept concept, String system, String code) {
        if (concept == null) {
            return false;
        }
        for (Coding coding : concept.getCoding()) {
            if (system.equals(coding.getSystem()) && code.equals(coding.getCode())) {
                return true;
            }
        }
        return false;
    }

    /** The code of the first coding in the given system, or null. */
    public static String codeIn(CodeableConcept concept, String system) {
        if (concept == null) {
            return null;
        }
        return concept.getCoding().stream()
                .filter(c -> system.equals(c.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElse(null);
    }

    /** The Quantity of the observation's component coded {@code system|code}, or null. */
    public static Quantity componentQuantity(Observation observation, String system, String code) {
        for (Observation.ObservationComponentComponent component : observation.getComponent()) {
            if (hasCoding(component.getCode(), system, code) && component.hasValueQuantity()) {
                return component.getValueQuantity();
            }
        }
        return null;
    }
}
