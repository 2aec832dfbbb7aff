package org.ketaminefhir.server.clinical.summary;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class SummaryNarrativesTest {

    @Test
    void theCourseIsATableWithDateRouteAndDose() {
        MedicationAdministration session = new MedicationAdministration();
        session.setId("http://server/fhir/MedicationAdministration/s1");
        session.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        session.setEffective(new DateTimeType("2026-01-05T09:00:00Z"));
        session.setMedication(new CodeableConcept().setText("Racemic ketamine"));
        session.getDosage()
                .setRoute(new CodeableConcept(new Coding("http://snomed.info/sct", "47625008", "Intravenous route")))
                .setDose((org.hl7.fhir.r4.model.SimpleQuantity) new org.hl7.fhir.r4.model.SimpleQuantity()
                        .setValue(new BigDecimal("40"))
                        .setUnit("mg"));
        Composition composition = new Composition();
        composition.setId("urn:uuid:1");
        composition.setTitle("Patient Summary");
        composition
                .addSection()
                .setTitle("Medication List")
                .setCode(new CodeableConcept(new Coding("http://loinc.org", "10160-0", null)))
                .addEntry(new Reference("MedicationAdministration/s1"));
        Bundle document = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        document.addEntry().setFullUrl("urn:uuid:1").setResource(composition);
        document.addEntry()
                .setFullUrl("http://server/fhir/MedicationAdministration/s1")
                .setResource(session);

        DocumentReferences.resolve(FhirContext.forR4Cached(), document);
        SummaryNarratives.write(document);

        String json = FhirContext.forR4Cached().newJsonParser().encodeResourceToString(document);
        assertThat(composition.getSectionFirstRep().getEntryFirstRep().getReference())
                .isEqualTo("http://server/fhir/MedicationAdministration/s1");
        assertThat(composition.getSectionFirstRep().getText().getDivAsString())
                .contains("2026-01-05T09:00:00Z", "Intravenous route", "40 mg", "Racemic ketamine");
        assertThat(json).contains("\"div\"");
    }

    @Test
    void anyOtherRecordIsARowAndTheCompositionHasACover() {
        org.hl7.fhir.r4.model.AllergyIntolerance none = new org.hl7.fhir.r4.model.AllergyIntolerance();
        none.setId("urn:uuid:2");
        none.setCode(new CodeableConcept(new Coding("http://example", "no-allergy-info", "No information")));
        Composition composition = new Composition();
        composition.setId("urn:uuid:1");
        composition.setTitle("Patient Summary");
        composition
                .addSection()
                .setTitle("Allergies")
                .setCode(new CodeableConcept(new Coding("http://loinc.org", "48765-2", null)))
                .addEntry(new Reference("urn:uuid:2"));
        Bundle document = new Bundle().setType(Bundle.BundleType.DOCUMENT);
        document.addEntry().setFullUrl("urn:uuid:1").setResource(composition);
        document.addEntry().setFullUrl("urn:uuid:2").setResource(none);

        SummaryNarratives.write(document);

        assertThat(composition.getSectionFirstRep().getText().getDivAsString()).contains("No information");
        assertThat(composition.getText().getDivAsString()).contains("Patient Summary", "Allergies (1)");
    }
}
