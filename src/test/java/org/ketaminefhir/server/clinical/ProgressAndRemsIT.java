package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;

/**
 * $ketamine-progress and $rems-summary on the IG's example journey, against figures computed by hand from it:
 * PHQ-9 21, 14, 9, 7, 6 and GAD-7 15, 11, 8, 6, 5 weekly from 2 January; MADRS 32 at baseline; six completed IV
 * sessions of 40 mg from 5 January; dissociation in session 1 and nausea in session 3; maintenance every 3 weeks.
 */
class ProgressAndRemsIT extends FhirServerTestBase {

    private static boolean journeyLoaded;

    @BeforeEach
    void loadTheJourney() {
        if (!journeyLoaded) {
            client().transaction()
                    .withBundle(IgExamples.journeyTransaction(FHIR))
                    .execute();
            journeyLoaded = true;
        }
    }

    private Parameters progress(String patient) {
        return client().operation()
                .onInstance(new IdType(patient))
                .named("$ketamine-progress")
                .withNoParameters(Parameters.class)
                .useHttpGet()
                .execute();
    }

    private Parameters rems(String session) {
        return client().operation()
                .onInstance(new IdType(session))
                .named("$rems-summary")
                .withNoParameters(Parameters.class)
                .useHttpGet()
                .execute();
    }

    private static ParametersParameterComponent instrument(Parameters progress, String code) {
        return progress.getParameter().stream()
                .filter(p -> p.getName().equals("instrument"))
                .filter(p -> ((Coding) part(p, "code").getValue()).getCode().equals(code))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no instrument " + code));
    }

    private static ParametersParameterComponent part(ParametersParameterComponent parent, String name) {
        return parent.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no part " + name));
    }

    private static String value(ParametersParameterComponent parent, String name) {
        return part(parent, name).getValue().primitiveValue();
    }

    @Test
    void phq9ShowsResponseButNotRemission() {
        ParametersParameterComponent phq9 = instrument(progress("Patient/patient-iv"), "44261-6");

        assertThat(value(phq9, "baseline")).isEqualTo("21");
        assertThat(value(phq9, "baselineDate")).isEqualTo("2026-01-02T10:15:00Z");
        assertThat(value(phq9, "latest")).isEqualTo("6");
        assertThat(value(phq9, "change")).isEqualTo("-15");
        assertThat(value(phq9, "percentChange")).isEqualTo("-71.4");
        assertThat(value(phq9, "response")).isEqualTo("true");
        assertThat(value(phq9, "remission")).isEqualTo("false");
        assertThat(phq9.getPart().stream()
                        .filter(p -> p.getName().equals("score"))
                        .map(p -> value(p, "value")))
                .containsExactly("21", "14", "9", "7", "6");
    }

    @Test
    void gad7AndMadrsFiguresMatchTheHandComputedOnes() {
        Parameters progress = progress("Patient/patient-iv");
        ParametersParameterComponent gad7 = instrument(progress, "70274-6");
        ParametersParameterComponent madrs = instrument(progress, "madrs");

        assertThat(List.of(
                        value(gad7, "baseline"),
                        value(gad7, "latest"),
                        value(gad7, "change"),
                        value(gad7, "percentChange"),
                        value(gad7, "response"),
                        value(gad7, "remission")))
                .containsExactly("15", "5", "-10", "-66.7", "true", "false");
        // MADRS was scored only at baseline: no follow-up score, so no change, response or remission is claimed.
        assertThat(List.of(value(madrs, "baseline"), value(madrs, "latest"))).containsExactly("32", "32");
        assertThat(madrs.getPart())
                .extracting(ParametersParameterComponent::getName)
                .doesNotContain("change", "percentChange", "response", "remission", "baselineMissing");
        assertThat(progress.getParameter())
                .noneMatch(p -> p.getName().equals("instrument")
                        && ((Coding) part(p, "code").getValue()).getCode().equals("cadss"));
    }

    @Test
    void withoutAPreTreatmentScoreTheBaselineIsMissingAndThereIsNoVerdict() {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String patient = clinic.patient();
        String screened = "2026-03-02T11:00:00Z";
        String gad7 = clinic.score(patient, "iv-gad7-week0", screened, 15); // 18 days before the first session
        clinic.create(clinic.screeningTemplate(
                patient,
                screened,
                Map.of(),
                clinic.bloodPressure(patient, screened, 120, 80),
                clinic.weight(patient, screened, 80),
                gad7));
        String plan = clinic.plan(patient);
        Instant first = Instant.parse("2026-03-20T09:00:00Z");
        clinic.create(clinic.ivSession(
                patient,
                plan,
                clinic.encounter(patient, first.minusSeconds(900), first.plusSeconds(5400)),
                first,
                new java.math.BigDecimal("0.5")));
        clinic.score(patient, "iv-phq9-week0", "2026-03-27T10:00:00Z", 20);
        clinic.score(patient, "iv-phq9-week0", "2026-04-03T10:00:00Z", 4);
        clinic.score(patient, "iv-gad7-week0", "2026-03-27T10:00:00Z", 4);

        Parameters progress = progress(patient);

        for (String code : List.of("44261-6", "70274-6")) {
            ParametersParameterComponent instrument = instrument(progress, code);
            assertThat(value(instrument, "baselineMissing")).as(code).isEqualTo("true");
            assertThat(instrument.getPart())
                    .as(code)
                    .extracting(ParametersParameterComponent::getName)
                    .doesNotContain("baseline", "baselineDate", "change", "percentChange", "response", "remission");
        }
        assertThat(value(instrument(progress, "44261-6"), "latest")).isEqualTo("4");
    }

    @Test
    void sessionsDoseSideEffectsIssuesAndNextSession() {
        Parameters progress = progress("Patient/patient-iv");

        ParametersParameterComponent sessions = progress.getParameter().stream()
                .filter(p -> p.getName().equals("sessionsCompleted"))
                .findFirst()
                .orElseThrow();
        assertThat(value(sessions, "phase")).isEqualTo("induction");
        assertThat(value(sessions, "count")).isEqualTo("6");
        assertThat(((Quantity) progress.getParameter("cumulativeDose").getValue()).getValue())
                .isEqualByComparingTo("240");
        Map<String, String> sideEffects = progress.getParameter().stream()
                .filter(p -> p.getName().equals("sideEffect"))
                .collect(Collectors.toMap(
                        p -> ((Coding) part(p, "finding").getValue()).getCode(), p -> value(p, "count")));
        assertThat(sideEffects).containsOnly(Map.entry("dissociation", "1"), Map.entry("422587007", "1"));
        // Open alerts: the CADSS of 14 in the first session (above the dissociation alert level, 4); the patient's
        // week-4 PHQ-9 with item 9 "Several days" (PHQ9-ITEM9); the C-SSRS screen it asked for, with a "yes" short of
        // intent or behaviour (CSSRS-RISK, moderate). None reviewed in the journey.
        assertThat(progress.getParameter("openSafetyIssues").getValue().primitiveValue())
                .isEqualTo("3");
        assertThat(progress.getParameter("nextSessionDue").getValue().primitiveValue())
                .startsWith("2026-02-06T09:00:00");
    }

    @Test
    void remsSummaryOfAnEsketamineSessionHasEveryFormField() {
        Parameters rems = rems("MedicationAdministration/esk-session-1");

        assertThat(rems.getParameter("patientFirstName").getValue().primitiveValue())
                .isEqualTo("Priya");
        assertThat(rems.getParameter("patientLastName").getValue().primitiveValue())
                .isEqualTo("Natarajan");
        assertThat(rems.getParameter("patientBirthDate").getValue().primitiveValue())
                .isEqualTo("1990-02-03");
        assertThat(rems.getParameter("patientSex").getValue().primitiveValue()).isEqualTo("female");
        assertThat(rems.getParameter("treatmentDate").getValue().primitiveValue())
                .isEqualTo("2026-02-05");
        assertThat(((Quantity) rems.getParameter("doseAdministered").getValue()).getValue())
                .isEqualByComparingTo("56");
        assertThat(rems.getParameter("lotNumber").getValue().primitiveValue()).isEqualTo("SPV5521");
        assertThat(rems.getParameter("concomitant-benzodiazepines").getValue().primitiveValue())
                .isEqualTo("false");
        assertThat(rems.getParameter("concomitant-opioids").getValue().primitiveValue())
                .isEqualTo("false");
        assertThat(rems.getParameter("bloodPressurePreDose").getValue().primitiveValue())
                .isEqualTo("122/78 mmHg");
        assertThat(rems.getParameter("bloodPressure40Minutes").getValue().primitiveValue())
                .isEqualTo("138/88 mmHg");
        assertThat(rems.getParameter("bloodPressureBeforeCompletion").getValue().primitiveValue())
                .isEqualTo("124/80 mmHg");
        assertThat(rems.getParameter("vitalSignsAcceptableBeforeCompletion")
                        .getValue()
                        .primitiveValue())
                .isEqualTo("true");
        assertThat(rems.getParameter("totalMonitoringMinutes").getValue().primitiveValue())
                .isEqualTo("125");
        assertThat(rems.getParameter("sedation").getValue().primitiveValue()).isEqualTo("true");
        assertThat(rems.getParameter("lossOfConsciousness").getValue().primitiveValue())
                .isEqualTo("false");
        assertThat(rems.getParameter("firstTreatment").getValue().primitiveValue())
                .isEqualTo("true");
        assertThat(rems.getParameter("settingName").getValue().primitiveValue())
                .isEqualTo("Test Ketamine Clinic"); // configured (TestClinic)
        // What the IG's example records do not hold: no middle name, no order, no performer.
        assertThat(rems.getParameter().stream()
                        .filter(p -> p.getName().equals("missing"))
                        .map(p -> p.getValue().primitiveValue()))
                .containsExactlyInAnyOrder(
                        "patientMiddleInitial",
                        "prescriberFirstName",
                        "prescriberLastName",
                        "hcpFirstName",
                        "hcpLastName",
                        "hcpTelephone",
                        "hcpEmail");

        assertThat(rems("MedicationAdministration/esk-session-2")
                        .getParameter("firstTreatment")
                        .getValue()
                        .primitiveValue())
                .isEqualTo("false");
        assertThat(rems("MedicationAdministration/esk-session-2")
                        .getParameter("sedation")
                        .getValue()
                        .primitiveValue())
                .isEqualTo("false");
    }

    @Test
    void remsSummaryListsWhatIsMissing() {
        ClinicFixtures clinic = new ClinicFixtures(client());
        Instant start = Instant.parse("2026-02-12T10:00:00Z");
        String encounter =
                clinic.encounter("Patient/patient-esk", start.minusSeconds(600), start.plusSeconds(130 * 60));
        MedicationAdministration session =
                clinic.esketamineSession("Patient/patient-esk", "CarePlan/esk-plan", encounter, start, 84);
        String id = clinic.create(session);

        Parameters rems = rems(id);

        assertThat(rems.getParameter().stream()
                        .filter(p -> p.getName().equals("missing"))
                        .map(p -> p.getValue().primitiveValue()))
                .containsExactlyInAnyOrder(
                        "patientMiddleInitial",
                        "prescriberFirstName",
                        "prescriberLastName",
                        "hcpFirstName",
                        "hcpLastName",
                        "hcpTelephone",
                        "hcpEmail",
                        "bloodPressurePreDose",
                        "bloodPressure40Minutes",
                        "bloodPressureBeforeCompletion",
                        "vitalSignsAcceptableBeforeCompletion",
                        "totalMonitoringMinutes",
                        "sedation",
                        "lossOfConsciousness",
                        "dissociation",
                        "respiratoryDepression");
        assertThat(rems.getParameter("lotNumber").getValue().primitiveValue()).isEqualTo("SPV5521");
    }

    @Test
    void remsSummaryOfAnIvKetamineSessionIsA422() {
        assertThatThrownBy(() -> rems("MedicationAdministration/iv-session-1"))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("REMS-ESKETAMINE-ONLY");
    }
}
