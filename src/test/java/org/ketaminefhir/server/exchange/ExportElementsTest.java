package org.ketaminefhir.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

class ExportElementsTest {

    private static final String SUBSETTED = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";
    private final ExportElements elements = new ExportElements(FhirContext.forR4Cached());

    @Test
    void aResourceKeepsTheElementsAskedForItsIdAndMetaAndIsTaggedSubsetted() {
        Patient patient = new Patient();
        patient.setId("p1");
        patient.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", null);
        patient.addName().setFamily("Example");
        patient.setGender(AdministrativeGender.FEMALE);
        patient.addIdentifier().setValue("123");

        assertThat(elements.subset(patient, new String[] {"Patient.name", "Observation.value"}))
                .isTrue();

        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Example");
        assertThat(patient.hasGender()).isFalse();
        assertThat(patient.hasIdentifier()).isFalse();
        assertThat(patient.getIdElement().getIdPart()).isEqualTo("p1");
        assertThat(patient.getMeta().getSecurity()).hasSize(1);
        assertThat(patient.getMeta().getTag(SUBSETTED, "SUBSETTED")).isNotNull();
    }

    @Test
    void aBareElementAppliesToEveryTypeAndMandatoryElementsStay() {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().setText("a note");
        observation.setSubject(new Reference("Patient/p1"));
        observation.setValue(new StringType("text"));

        assertThat(elements.subset(observation, new String[] {"value"})).isTrue();

        assertThat(observation.getValue()).isInstanceOf(StringType.class);
        assertThat(observation.hasStatus()).isTrue();
        assertThat(observation.hasCode()).isTrue();
        assertThat(observation.hasSubject()).isFalse();
    }

    @Test
    void aResourceNoElementAppliesToIsLeftWholeAndUntagged() {
        Observation observation = new Observation();
        observation.setSubject(new Reference("Patient/p1"));

        assertThat(elements.subset(observation, new String[] {"Patient.name"})).isFalse();

        assertThat(observation.hasSubject()).isTrue();
        assertThat(observation.getMeta().getTag()).isEmpty();
    }
}
