package org.ketaminefhir.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.database.DatabaseDialect;

/** The demo-data switch and the order the journey is recorded in; the recording itself runs in DashboardInBrowserIT. */
class DemoJourneyTest {

    @ParameterizedTest
    @CsvSource({
        "auto, H2, true",
        "auto, POSTGRESQL, false",
        "AUTO, H2, true",
        "true, POSTGRESQL, true",
        "false, H2, false",
        " true , H2, true"
    })
    void isOnByDefaultOnlyWithH2(String setting, DatabaseDialect dialect, boolean on) {
        assertThat(DemoJourney.isOn(setting, dialect)).isEqualTo(on);
    }

    @Test
    void aMisspelledSettingStopsTheStartWithTheKey() {
        assertThatThrownBy(() -> DemoJourney.isOn("yes", DatabaseDialect.H2))
                .hasMessageContaining("ketamine.demo-data must be auto, true or false, not yes");
    }

    @Test
    void practitionersOnlyForPractitionerReferences() {
        List<Resource> made = DemoJourney.practitioners(
                List.of("Practitioner/demo-clinician", "Patient/patient-esk", "Practitioner/demo-auditor", "nonsense"));
        assertThat(made)
                .extracting(r -> r.fhirType() + "/" + r.getIdElement().getIdPart())
                .containsExactly("Practitioner/demo-clinician", "Practitioner/demo-auditor");
    }

    @Test
    void patientsFirstThenWhatWasObservedInSessionsLast() {
        Observation inSession = new Observation();
        inSession.setId("vital");
        inSession.addPartOf(new Reference("MedicationAdministration/s"));
        Observation score = new Observation();
        score.setId("score");
        MedicationAdministration session = new MedicationAdministration();
        session.setId("s");
        Patient patient = new Patient();
        patient.setId("p");
        Bundle bundle = DemoJourney.journey(List.of(inSession, session, score, patient));
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(bundle.getEntry())
                .extracting(
                        e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl())
                .containsExactly(
                        "PUT Patient/p",
                        "PUT Observation/score",
                        "PUT MedicationAdministration/s",
                        "PUT Observation/vital");
    }
}
