package org.ketaminefhir.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;

/** What the benchmark generates is valid: a sample of it is written to the server with profile enforcement on. */
class SyntheticClinicIT extends FhirServerTestBase {

    @Test
    void aGeneratedPatientIsAcceptedWholeByTheValidatingServer() {
        SyntheticClinic.PatientRecords records = new SyntheticClinic(FHIR, 42, "gen").patient(3);

        Bundle setup = client().transaction().withBundle(records.setup()).execute();
        assertThat(setup.getEntry()).hasSize(records.setup().getEntry().size());
        assertThat(records.sessions()).hasSize(10);
        for (Bundle session : records.sessions()) {
            assertThat(session.getEntry().size())
                    .isBetween(2 + 3 * SyntheticClinic.VITAL_POINTS + 1, 2 + 3 * SyntheticClinic.VITAL_POINTS + 2);
            Bundle response = client().transaction().withBundle(session).execute();
            assertThat(response.getEntry())
                    .allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("20"));
        }
    }

    @Test
    void theSameSeedGivesTheSameClinic() {
        String a = FHIR.newJsonParser()
                .encodeResourceToString(
                        new SyntheticClinic(FHIR, 7, "x").patient(1).sessions().get(4));
        String b = FHIR.newJsonParser()
                .encodeResourceToString(
                        new SyntheticClinic(FHIR, 7, "x").patient(1).sessions().get(4));
        String c = FHIR.newJsonParser()
                .encodeResourceToString(
                        new SyntheticClinic(FHIR, 8, "x").patient(1).sessions().get(4));

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }
}
