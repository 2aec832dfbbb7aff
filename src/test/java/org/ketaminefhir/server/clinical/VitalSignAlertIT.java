package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;

/** Session vital signs beyond the configured levels raise DetectedIssues an app can search for. */
class VitalSignAlertIT extends FhirServerTestBase {

    private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");

    private ClinicFixtures clinic;
    private String patient;
    private String session;

    @BeforeEach
    void aSession() {
        clinic = new ClinicFixtures(client());
        ClinicFixtures.SessionOfPatient written = clinic.eligiblePatientWithIvSession(START);
        patient = written.patient();
        session = written.session();
    }

    /** Writes a session vital sign copied from the IG example {@code template}, at the given time point. */
    private String vital(String template, String point, Integer minutes, int value, Integer diastolic) {
        Observation vital = ClinicFixtures.sessionVital(
                template, patient, session, point, minutes == null ? 0 : minutes, value, diastolic);
        vital.setEncounter(null);
        return clinic.create(vital);
    }

    private List<DetectedIssue> openIssuesFor(String observation) {
        Bundle found = client().search()
                .byUrl("DetectedIssue?patient=" + patient + "&status=preliminary")
                .cacheControl(new ca.uhn.fhir.rest.api.CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute();
        return found.getEntry().stream()
                .map(e -> (DetectedIssue) e.getResource())
                .filter(i -> i.getImplicated().stream()
                        .anyMatch(r -> r.getReference().equals(observation)))
                .toList();
    }

    @Test
    void aPreDoseBloodPressureAboveTheLimitRaisesAWarningNamingTheSessionAndPatient() {
        assertThat(openIssuesFor(vital("iv-s1-bp-pre", "pre-dose", null, 140, 90)))
                .isEmpty();
        List<DetectedIssue> systolic = openIssuesFor(vital("iv-s1-bp-pre", "pre-dose", null, 141, 90));

        assertThat(systolic).singleElement().satisfies(issue -> {
            assertThat(issue.getDetail()).startsWith("VITALS-PREDOSE-BP:");
            assertThat(issue.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.MODERATE);
            assertThat(issue.getCode().getCodingFirstRep().getCode()).isEqualTo("predose-blood-pressure-high");
            assertThat(issue.getPatient().getReference()).isEqualTo(patient);
            assertThat(issue.getImplicated())
                    .extracting(Reference::getReference)
                    .contains(session);
        });
    }

    @Test
    void theTimePointDecidesWhichBloodPressureLimitApplies() {
        assertThat(openIssuesFor(vital("iv-s1-bp-20min", "intra-session", 20, 180, 100)))
                .singleElement()
                .satisfies(i -> assertThat(i.getDetail()).startsWith("VITALS-SESSION-BP:"));
        // 150/95 before the dose is a pre-dose warning, but not an intra-session alert.
        assertThat(openIssuesFor(vital("iv-s1-bp-40min", "intra-session", 40, 150, 95)))
                .isEmpty();
    }

    /** The levels themselves are tested as a table in VitalSignAlertsTest; here, that each kind is read and raised. */
    @Test
    void heartRateOxygenSaturationAndRespiratoryRateRaiseAlerts() {
        assertThat(openIssuesFor(vital("iv-s1-hr-20min", "intra-session", 20, 49, null)))
                .singleElement()
                .satisfies(i -> assertThat(i.getDetail()).startsWith("VITALS-HEART-RATE:"));
        assertThat(openIssuesFor(vital("iv-s1-spo2-30min", "intra-session", 30, 91, null)))
                .singleElement()
                .satisfies(i -> assertThat(i.getDetail()).startsWith("VITALS-SPO2:"));
        assertThat(openIssuesFor(vital("iv-s1-rr-40min", "intra-session", 40, 25, null)))
                .singleElement()
                .satisfies(i -> assertThat(i.getDetail()).startsWith("VITALS-RESPIRATORY-RATE:"));
        assertThat(openIssuesFor(vital("iv-s1-rr-40min", "intra-session", 40, 24, null)))
                .isEmpty();
    }
}
