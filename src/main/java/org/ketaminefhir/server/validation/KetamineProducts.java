package org.ketaminefhir.server.validation;

import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Recognises a MedicationAdministration of ketamine or esketamine, however it is coded: a code of the IG's
 * ketamine-product ValueSet (given as system|code pairs), RxNorm 6130 (the ketamine ingredient: widely cited but
 * single-source in CLINICAL_FACTS.md, so used only to recognise, never to emit), or "ketamine" in a display or text.
 * Recognising generously is the safe side here: a ketamine administration that escapes recognition would escape the
 * session profile.
 */
final class KetamineProducts {

	private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

	private final Set<String> productCodes;

	KetamineProducts(Set<String> productCodes) {
		this.productCodes = Set.copyOf(productCodes);
	}

	boolean isKetamineAdministration(MedicationAdministration administration) {
		if (administration.hasMedicationCodeableConcept()) {
			return isKetamine(administration.getMedicationCodeableConcept());
		}
		if (administration.hasMedicationReference()) {
			Reference reference = administration.getMedicationReference();
			if (reference.getReference() != null && reference.getReference().startsWith("#")) {
				for (Resource contained : administration.getContained()) {
					if (contained instanceof Medication medication
							&& reference.getReference().substring(1).equals(contained.getIdElement().getIdPart())) {
						return isKetamine(medication.getCode());
					}
				}
			}
			return mentionsKetamine(reference.getDisplay());
		}
		return false;
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
