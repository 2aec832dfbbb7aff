package org.ketaminefhir.server.ig;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Recognises a MedicationAdministration of ketamine or esketamine, however it is coded: a code of the IG's
 * ketamine-product ValueSet (given as system|code pairs), RxNorm 6130 (the ketamine ingredient: widely cited but
 * single-source in CLINICAL_FACTS.md, so used only to recognise, never to emit), or "ketamine" in a display or text.
 * Esketamine is recognised only by the codes of the IG's esketamine-product ValueSet, on the session's product.
 * Recognising generously is the safe side here: a ketamine administration that escapes recognition would escape the
 * session profile.
 */
public final class KetamineProducts {

    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    private final Set<String> productCodes;
    private final Set<String> esketamineCodes;

    public KetamineProducts(ImplementationGuidePackage guide) {
        this.productCodes = Set.copyOf(guide.codesOf("ketamine-product"));
        this.esketamineCodes = Set.copyOf(guide.codesOf("esketamine-product"));
    }

    public boolean isKetamineAdministration(MedicationAdministration administration) {
        if (administration.hasMedicationCodeableConcept()) {
            return isKetamine(administration.getMedicationCodeableConcept());
        }
        Medication medication = containedMedication(administration);
        if (medication != null) {
            return isKetamine(medication.getCode());
        }
        return administration.hasMedicationReference()
                && mentionsKetamine(administration.getMedicationReference().getDisplay());
    }

    /** Whether the administration's (contained) product is esketamine. */
    public boolean isEsketamine(MedicationAdministration administration) {
        Medication medication = containedMedication(administration);
        return medication != null
                && medication.getCode().getCoding().stream()
                        .anyMatch(c -> esketamineCodes.contains(c.getSystem() + "|" + c.getCode()));
    }

    /** Whether a medication order (a prescriber's draft, say) is for ketamine or esketamine, recognised as above. */
    public boolean isKetamineOrder(MedicationRequest order) {
        if (order.hasMedicationCodeableConcept()) {
            return isKetamine(order.getMedicationCodeableConcept());
        }
        Medication medication = containedMedication(order.getMedicationReference(), order.getContained());
        if (medication != null) {
            return isKetamine(medication.getCode());
        }
        return order.hasMedicationReference()
                && mentionsKetamine(order.getMedicationReference().getDisplay());
    }

    /** Whether an order's product, coded or contained, is one of the esketamine-product ValueSet's. */
    public boolean isEsketamineOrder(MedicationRequest order) {
        CodeableConcept product = order.hasMedicationCodeableConcept()
                ? order.getMedicationCodeableConcept()
                : Optional.ofNullable(containedMedication(order.getMedicationReference(), order.getContained()))
                        .map(Medication::getCode)
                        .orElse(null);
        return product != null
                && product.getCoding().stream()
                        .anyMatch(c -> esketamineCodes.contains(c.getSystem() + "|" + c.getCode()));
    }

    /** The Medication contained in the administration that its medicationReference points to, or null. */
    public static Medication containedMedication(MedicationAdministration administration) {
        return containedMedication(
                administration.hasMedicationReference() ? administration.getMedicationReference() : null,
                administration.getContained());
    }

    private static Medication containedMedication(Reference reference, List<Resource> containedResources) {
        if (reference == null
                || reference.getReference() == null
                || !reference.getReference().startsWith("#")) {
            return null;
        }
        String id = reference.getReference().substring(1);
        for (Resource contained : containedResources) {
            if (contained instanceof Medication medication
                    && id.equals(contained.getIdElement().getIdPart())) {
                return medication;
            }
        }
        return null;
    }

    private boolean isKetamine(CodeableConcept concept) {
        for (Coding coding : concept.getCoding()) {
            if (productCodes.contains(coding.getSystem() + "|" + coding.getCode())
                    || (RXNORM.equals(coding.getSystem()) && "6130".equals(coding.getCode()))
                    || mentionsKetamine(coding.getDisplay())) {
                return true;
            }
        }
        return mentionsKetamine(concept.getText());
    }

    private static boolean mentionsKetamine(String text) {
        return text != null && text.toLowerCase(Locale.ROOT).contains("ketamine");
    }
}
