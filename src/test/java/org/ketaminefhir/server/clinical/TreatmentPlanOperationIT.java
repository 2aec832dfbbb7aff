package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;

/** $ketamine-plan over HTTP: dated induction per protocol, maintenance, measurement, and its refusals. */
class TreatmentPlanOperationIT extends FhirServerTestBase {

    private String eligiblePatient(String screened, double kg) {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String patient = clinic.patient();
        Observation screening =
                clinic.screeningTemplate(patient, screened, Map.of(), clinic.baseline(patient, screened, 120, 80, kg));
        screening.setValue(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                ClinicFixtures.IG + "CodeSystem/eligibility-outcome", "eligible", null)));
        clinic.create(screening);
        return patient;
    }

    private CarePlan plan(String patient, String start, String protocol, String... days) {
        Parameters in = new Parameters();
        if (start != null) {
            in.addParameter("start", new DateType(start));
        }
        in.addParameter("protocol", new CodeType(protocol));
        for (String day : days) {
            in.addParameter("treatmentDay", new CodeType(day));
        }
        return client().operation()
                .onInstance(new IdType(patient))
                .named("$ketamine-plan")
                .withParameters(in)
                .returnResourceType(CarePlan.class)
                .execute();
    }

    private static List<String> inductionDates(CarePlan plan) {
        return plan.getActivity().stream()
                .filter(a -> phase(a).equals("induction"))
                .map(a -> a.getDetail()
                        .getScheduledPeriod()
                        .getStartElement()
                        .getValueAsString()
                        .substring(0, 10))
                .toList();
    }

    private static String phase(CarePlan.CarePlanActivityComponent activity) {
        var ext = activity.getExtensionByUrl(ClinicFixtures.IG + "StructureDefinition/treatment-phase");
        return ext == null ? "" : ext.getValue().primitiveValue();
    }

    @Test
    void ivRacemicKetamineSixInfusionsThreeAWeekThenMaintenanceAndMeasurement() {
        String patient = eligiblePatient("2026-01-02T11:00:00Z", 80);

        CarePlan plan = plan(patient, "2026-01-05", "iv-racemic", "mon", "wed", "fri");

        assertThat(inductionDates(plan))
                .containsExactly("2026-01-05", "2026-01-07", "2026-01-09", "2026-01-12", "2026-01-14", "2026-01-16");
        CarePlan.CarePlanActivityComponent first = plan.getActivityFirstRep();
        assertThat(first.getDetail().getScheduledPeriod().getStartElement().getValueAsString())
                .startsWith("2026-01-05T09:00:00");
        assertThat(first.getDetail().getScheduledPeriod().getEndElement().getValueAsString())
                .startsWith("2026-01-05T09:40:00");
        assertThat(((Quantity) first.getDetail()
                                .getExtensionByUrl(ClinicFixtures.IG + "StructureDefinition/dose-per-kg")
                                .getValue())
                        .getValue())
                .isEqualByComparingTo("0.5");
        CarePlan.CarePlanActivityComponent maintenance = plan.getActivity().stream()
                .filter(a -> phase(a).equals("maintenance"))
                .findFirst()
                .orElseThrow();
        assertThat(maintenance
                        .getDetail()
                        .getScheduledTiming()
                        .getRepeat()
                        .getBoundsPeriod()
                        .getStartElement()
                        .getValueAsString())
                .isEqualTo("2026-02-06");
        assertThat(maintenance.getDetail().getScheduledTiming().getRepeat().getPeriod())
                .isEqualByComparingTo("3");
        assertThat(plan.getActivity())
                .anySatisfy(a -> assertThat(
                                a.getDetail().getCode().getCodingFirstRep().getCode())
                        .isEqualTo("measurement"));
        assertThat(plan.getSupportingInfoFirstRep().getReference()).startsWith("Observation/");

        CarePlan stored = client().read()
                .resource(CarePlan.class)
                .withId(plan.getIdElement().toUnqualifiedVersionless())
                .execute();
        assertThat(inductionDates(stored)).hasSize(6);
        assertThat(stored.getMeta().getProfile())
                .anySatisfy(p -> assertThat(p.getValue()).endsWith("ketamine-treatment-plan"));
    }

    @Test
    void datesRespectNonTreatmentDaysWeekBoundariesAndTheMinimumInterval() {
        String patient = eligiblePatient("2026-01-02T11:00:00Z", 80);

        assertThat(inductionDates(plan(patient, "2026-01-08", "iv-racemic", "mon", "wed", "fri")))
                .containsExactly("2026-01-09", "2026-01-12", "2026-01-14", "2026-01-16", "2026-01-19", "2026-01-21");
        assertThat(inductionDates(plan(patient, "2026-01-05", "iv-racemic", "tue", "wed", "thu")))
                .containsExactly("2026-01-06", "2026-01-08", "2026-01-13", "2026-01-15", "2026-01-20", "2026-01-22");
    }

    @Test
    void esketaminePerItsLabelTwiceWeeklyFor4WeeksStartingAt56Mg() {
        String patient = eligiblePatient("2026-01-02T11:00:00Z", 70);

        CarePlan plan = plan(patient, "2026-01-05", "esketamine-intranasal", "mon", "wed", "fri");

        assertThat(inductionDates(plan))
                .containsExactly(
                        "2026-01-05",
                        "2026-01-07",
                        "2026-01-12",
                        "2026-01-14",
                        "2026-01-19",
                        "2026-01-21",
                        "2026-01-26",
                        "2026-01-28");
        assertThat(plan.getActivityFirstRep().getDetail().getDescription()).startsWith("56 mg (2 devices)");
        assertThat(plan.getActivity().get(1).getDetail().getDescription()).startsWith("84 mg (3 devices)");
        assertThat(plan.getActivityFirstRep()
                        .getDetail()
                        .getProductCodeableConcept()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("esketamine");
        assertThat(((Quantity) plan.getActivityFirstRep()
                                .getDetail()
                                .getExtensionByUrl(ClinicFixtures.IG + "StructureDefinition/dose-per-kg")
                                .getValue())
                        .getValue())
                .isEqualByComparingTo("0.80");
    }

    @Test
    void imRacemicKetamineTwiceWeekly() {
        String patient = eligiblePatient("2026-01-02T11:00:00Z", 80);

        assertThat(inductionDates(plan(patient, "2026-01-05", "im-racemic", "mon", "wed", "fri")))
                .containsExactly("2026-01-05", "2026-01-07", "2026-01-12", "2026-01-14", "2026-01-19", "2026-01-21");
    }

    @Test
    void aPatientWithoutACurrentEligibleScreeningIsRefused() {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String notEligible = clinic.patient();
        clinic.decidedScreening(notEligible, "2026-01-02T11:00:00Z", "not-eligible");
        assertThatThrownBy(() -> plan(notEligible, "2026-01-05", "iv-racemic"))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("PLAN-ELIGIBLE-SCREENING");

        String stale = eligiblePatient("2025-10-01T09:00:00Z", 80);
        assertThat(inductionDates(plan(stale, "2025-12-30", "iv-racemic"))).hasSize(6); // 90 days: still current
        assertThatThrownBy(() -> plan(stale, "2025-12-31", "iv-racemic"))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("PLAN-ELIGIBLE-SCREENING");
    }

    @Test
    void aLaterScreeningThatIsNotEligibleBlocksANewPlan() {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String patient = clinic.patient();
        clinic.decidedScreening(patient, "2026-01-02T11:00:00Z", "eligible");
        clinic.decidedScreening(patient, "2026-01-04T11:00:00Z", "not-eligible");

        assertThatThrownBy(() -> plan(patient, "2026-01-05", "iv-racemic"))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("PLAN-ELIGIBLE-SCREENING")
                .hasMessageContaining("not-eligible");
    }

    @Test
    void badParametersAre400s() {
        String patient = eligiblePatient("2026-01-02T11:00:00Z", 80);

        assertThatThrownBy(() -> plan(patient, "2026-01-05", "ayahuasca"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Unknown protocol");
        assertThatThrownBy(() -> plan(patient, "2026-01-05", "iv-racemic", "funday"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Unknown treatmentDay");
        assertThatThrownBy(() -> plan(patient, null, "iv-racemic"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("start");
        assertThatThrownBy(() -> plan(patient, "2026-01", "iv-racemic"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("full date");
    }
}
