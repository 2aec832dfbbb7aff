package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * The rules on writing a session over HTTP: refusal naming the rule, overrides, what the rules read from the chart.
 * Each rule at its thresholds is tested as a table in SessionRuleTableTest and the other pure-rule tests.
 */
class SessionRulesIT extends FhirServerTestBase {

    private static final Instant SCREENED = Instant.parse("2026-01-02T11:00:00Z");
    private static final Instant MONDAY = Instant.parse("2026-01-05T09:00:00Z");

    private final class Clinic {
        final ClinicFixtures fixtures = new ClinicFixtures(client());
        final String patient = fixtures.patient();
        final String plan;

        Clinic(String screeningOutcome) {
            fixtures.decidedScreening(patient, SCREENED.toString(), screeningOutcome);
            plan = fixtures.plan(patient);
        }

        Clinic() {
            this("eligible");
        }

        String encounter(Instant start, long minutes) {
            return fixtures.encounter(patient, start.minusSeconds(15 * 60), start.plus(Duration.ofMinutes(minutes)));
        }

        MedicationAdministration iv(Instant start, String mgPerKg) {
            return fixtures.ivSession(patient, plan, encounter(start, 90), start, new BigDecimal(mgPerKg));
        }

        MedicationAdministration esketamine(Instant start, int mg, long encounterMinutes) {
            return fixtures.esketamineSession(patient, plan, encounter(start, encounterMinutes), start, mg);
        }

        String write(MedicationAdministration session) {
            return fixtures.create(session);
        }
    }

    private static void assertRefused(Runnable write, String rule) {
        assertThatThrownBy(write::run)
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining(rule);
    }

    @Test
    void aScreeningOlderThan90DaysDoesNotCount() {
        Clinic clinic = new Clinic();
        assertRefused(
                () -> clinic.write(clinic.iv(SCREENED.plus(Duration.ofDays(90)).plusSeconds(60), "0.5")),
                "SESSION-ELIGIBLE-SCREENING");
    }

    @Test
    void aWrongDoseIsRefusedNamingTheRule() {
        Clinic clinic = new Clinic();
        assertRefused(() -> clinic.write(clinic.iv(MONDAY, "1.01")), "SESSION-DOSE-PER-KG");
        assertRefused(() -> clinic.write(clinic.esketamine(MONDAY, 57, 130)), "SESSION-ESKETAMINE-DOSE");
    }

    @Test
    void aSessionBeforeTheScreeningOrWithoutAnEligibleOneIsRefused() {
        Clinic eligible = new Clinic();
        assertRefused(
                () -> eligible.write(eligible.iv(SCREENED.minusSeconds(60), "0.5")), "SESSION-ELIGIBLE-SCREENING");

        for (String outcome : new String[] {"not-eligible", "deferred", "incomplete"}) {
            Clinic clinic = new Clinic(outcome);
            assertRefused(() -> clinic.write(clinic.iv(MONDAY, "0.5")), "SESSION-ELIGIBLE-SCREENING");
        }
        Clinic precautions = new Clinic("eligible-with-precautions");
        assertThat(precautions.write(precautions.iv(MONDAY, "0.5"))).isNotNull();
    }

    @Test
    void theLatestEvaluatedScreeningDecidesSoALaterRefusalBlocks() {
        for (String later : new String[] {"not-eligible", "deferred", "incomplete"}) {
            Clinic clinic = new Clinic();
            clinic.fixtures.decidedScreening(
                    clinic.patient, SCREENED.plus(Duration.ofDays(2)).toString(), later);
            assertRefused(() -> clinic.write(clinic.iv(MONDAY, "0.5")), "SESSION-ELIGIBLE-SCREENING");
        }
        Clinic rescreened = new Clinic("not-eligible");
        rescreened.fixtures.decidedScreening(
                rescreened.patient, SCREENED.plus(Duration.ofDays(2)).toString(), "eligible");
        assertThat(rescreened.write(rescreened.iv(MONDAY, "0.5"))).isNotNull();

        Clinic afterTheSession = new Clinic();
        afterTheSession.fixtures.decidedScreening(
                afterTheSession.patient, MONDAY.plus(Duration.ofDays(1)).toString(), "not-eligible");
        assertThat(afterTheSession.write(afterTheSession.iv(MONDAY, "0.5")))
                .as("a screening after the session")
                .isNotNull();
    }

    @Test
    void theDosingWeightMustAgreeWithTheLatestRecordedWeight() {
        Clinic clinic = new Clinic(); // 80 kg recorded with the screening
        assertRefused(
                () -> clinic.write(ClinicFixtures.dosingWeight(clinic.iv(MONDAY, "1.0"), "actual", 160)),
                "SESSION-DOSING-WEIGHT");
        assertRefused(
                () -> clinic.write(ClinicFixtures.dosingWeight(clinic.iv(MONDAY, "0.5"), "actual", 84.1)),
                "SESSION-DOSING-WEIGHT");
        assertRefused(
                () -> clinic.write(ClinicFixtures.dosingWeight(clinic.iv(MONDAY, "0.5"), "actual", 75.9)),
                "SESSION-DOSING-WEIGHT");
        assertThat(clinic.write(ClinicFixtures.dosingWeight(clinic.iv(MONDAY, "0.5"), "actual", 84)))
                .as("5 % above")
                .isNotNull();

        clinic.fixtures.weight(clinic.patient, MONDAY.plus(Duration.ofDays(1)).toString(), 100);
        Instant wednesday = MONDAY.plus(Duration.ofDays(2));
        assertRefused(
                () -> clinic.write(ClinicFixtures.dosingWeight(clinic.iv(wednesday, "0.5"), "actual", 80)),
                "SESSION-DOSING-WEIGHT");
        assertThat(clinic.write(ClinicFixtures.dosingWeight(clinic.iv(wednesday, "0.5"), "actual", 100)))
                .as("the newer weight")
                .isNotNull();
    }

    @Test
    void idealBodyWeightIsAcceptedFromABodyMassIndexOf30() {
        ClinicFixtures fixtures = new ClinicFixtures(client());
        String patient = fixtures.patient(); // male
        fixtures.create(fixtures.screeningTemplate(
                patient,
                SCREENED.toString(),
                java.util.Map.of(),
                fixtures.baseline(patient, SCREENED.toString(), 120, 80, 86.7)));
        fixtures.height(patient, SCREENED.toString(), 170); // BMI 30.0; Devine IBW 65.9 kg
        String plan = fixtures.plan(patient);
        Instant wednesday = MONDAY.plus(Duration.ofDays(2));
        java.util.function.Function<Instant, MedicationAdministration> session = start -> fixtures.ivSession(
                patient,
                plan,
                fixtures.encounter(patient, start.minusSeconds(900), start.plus(Duration.ofMinutes(90))),
                start,
                new BigDecimal("0.5"));

        assertRefused(
                () -> fixtures.create(ClinicFixtures.dosingWeight(session.apply(MONDAY), "ideal", 80)),
                "SESSION-DOSING-WEIGHT");
        assertThat(fixtures.create(ClinicFixtures.dosingWeight(session.apply(MONDAY), "ideal", 66)))
                .isNotNull();
        fixtures.weight(patient, MONDAY.plus(Duration.ofDays(1)).toString(), 86.6); // BMI 29.97
        assertRefused(
                () -> fixtures.create(ClinicFixtures.dosingWeight(session.apply(wednesday), "ideal", 66)),
                "SESSION-DOSING-WEIGHT");
        assertRefused(
                () -> fixtures.create(ClinicFixtures.dosingWeight(session.apply(wednesday), "adjusted", 74)),
                "SESSION-DOSING-WEIGHT");
    }

    @Test
    void aClinicianCanOverrideTheDoseRangeWithAReason() {
        Clinic clinic = new Clinic();
        MedicationAdministration session = clinic.iv(MONDAY, "1.2");
        ClinicFixtures.override(session, "SESSION-DOSE-PER-KG", "Chronic pain protocol, approved by Dr. Osei");

        assertThat(clinic.write(session)).isNotNull();
    }

    @Test
    void sessionsAreAtLeast48HoursApartUnlessOverridden() {
        Clinic clinic = new Clinic();
        clinic.write(clinic.iv(MONDAY, "0.5"));

        assertRefused(
                () -> clinic.write(clinic.iv(MONDAY.plus(Duration.ofHours(48)).minusSeconds(60), "0.5")),
                "SESSION-MIN-INTERVAL");
        assertThat(clinic.write(clinic.iv(MONDAY.plus(Duration.ofHours(48)), "0.5")))
                .isNotNull();

        MedicationAdministration early = clinic.iv(MONDAY.plus(Duration.ofHours(24)), "0.5");
        ClinicFixtures.override(early, "SESSION-MIN-INTERVAL", "Travel; psychiatrist approved");
        assertThat(clinic.write(early)).isNotNull();
    }

    @Test
    void anEsketamineSessionCompletesOnlyAfter120MinutesOfMonitoring() {
        Clinic clinic = new Clinic();

        assertRefused(() -> clinic.write(clinic.esketamine(MONDAY, 56, 119)), "SESSION-ESKETAMINE-MONITORING");
        assertThat(clinic.write(clinic.esketamine(MONDAY, 56, 120))).isNotNull();
    }

    @Test
    void dischargeReadinessMinutesDecideWhenTheyAreRecorded() {
        Clinic clinic = new Clinic();
        MedicationAdministration session = clinic.esketamine(MONDAY, 84, 200);
        session.setStatus(MedicationAdministration.MedicationAdministrationStatus.INPROGRESS);
        String id = clinic.write(session);
        String discharge = clinic.fixtures.discharge(clinic.patient, id, MONDAY.plus(Duration.ofMinutes(119)), 119);

        MedicationAdministration stored = client().read()
                .resource(MedicationAdministration.class)
                .withId(id)
                .execute();
        stored.setStatus(MedicationAdministration.MedicationAdministrationStatus.COMPLETED);
        assertRefused(() -> client().update().resource(stored).execute(), "recorded: 119 minutes");

        org.hl7.fhir.r4.model.Observation readiness = client().read()
                .resource(org.hl7.fhir.r4.model.Observation.class)
                .withId(discharge)
                .execute();
        readiness.getComponent().stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals("minutes-monitored"))
                .forEach(c -> c.getValueQuantity().setValue(120));
        client().update().resource(readiness).execute();
        assertThat(client().update().resource(stored).execute().getId().getVersionIdPart())
                .isEqualTo("2");
    }

    @Test
    void aHardRuleCannotBeOverridden() {
        Clinic clinic = new Clinic();
        MedicationAdministration session = clinic.esketamine(MONDAY, 56, 60);
        ClinicFixtures.override(session, "SESSION-ESKETAMINE-MONITORING", "Patient insisted on leaving");

        assertRefused(() -> clinic.write(session), "this rule cannot be overridden");
    }
}
