package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * $ketamine-eligibility over HTTP: what it reads (components and linked baseline observations), what it stores, and
 * its refusals. Each rule at its thresholds is tested as a table in EligibilityRulesTest.
 */
class EligibilityOperationIT extends FhirServerTestBase {

    private ClinicFixtures clinic() {
        return new ClinicFixtures(client());
    }

    /** A patient with a complete screening (all "no"), baseline BP as given, and the changes applied. */
    private String screenedPatient(int systolic, int diastolic, Map<String, Object> changes) {
        ClinicFixtures clinic = clinic();
        String patient = clinic.patient();
        String bp = clinic.bloodPressure(patient, systolic, diastolic);
        String weight = clinic.weight(patient, 80);
        String score = clinic.score(patient, "iv-phq9-week0", "2026-01-02T10:15:00Z", 21);
        clinic.create(clinic.screeningTemplate(patient, "2026-01-02T11:00:00Z", changes, bp, weight, score));
        return patient;
    }

    private Observation evaluate(String patient) {
        return client().operation()
                .onInstance(new IdType(patient))
                .named("$ketamine-eligibility")
                .withNoParameters(Parameters.class)
                .returnResourceType(Observation.class)
                .execute();
    }

    private static String outcome(Observation screening) {
        return screening.getValueCodeableConcept().getCodingFirstRep().getCode();
    }

    private static List<String> reasons(Observation screening) {
        return screening.getExtensionsByUrl(ClinicFixtures.IG + "StructureDefinition/eligibility-reason").stream()
                .map(e -> e.getExtensionByUrl("rule").getValue().primitiveValue() + ": "
                        + e.getExtensionByUrl("detail").getValue().primitiveValue())
                .toList();
    }

    @Test
    void aCompleteScreeningWithNothingFoundIsEligibleAndIsStored() {
        String patient = screenedPatient(128, 82, Map.of());

        Observation screening = evaluate(patient);

        assertThat(outcome(screening)).isEqualTo("eligible");
        assertThat(reasons(screening)).isEmpty();
        Observation stored = client().read()
                .resource(Observation.class)
                .withId(screening.getIdElement().toUnqualifiedVersionless())
                .execute();
        assertThat(outcome(stored)).isEqualTo("eligible");
        assertThat(stored.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
    }

    @Test
    void anAbsoluteContraindicationMakesThePatientNotEligible() {
        Observation screening = evaluate(screenedPatient(128, 82, Map.of("aneurysmal-vascular-disease", true)));

        assertThat(outcome(screening)).isEqualTo("not-eligible");
        assertThat(reasons(screening))
                .containsExactly(
                        "ELIG-ABSOLUTE-CONTRAINDICATION: absolute contraindication: aneurysmal-vascular-disease");
    }

    @Test
    void anUnknownPregnancyStatusIsIncompleteNotEligible() {
        Observation screening = evaluate(screenedPatient(128, 82, Map.of("pregnancy-status", "unknown")));

        assertThat(outcome(screening)).isEqualTo("incomplete");
        assertThat(reasons(screening)).singleElement().asString().startsWith("ELIG-PREGNANCY-UNKNOWN");
    }

    @Test
    void missingDataMakesTheScreeningIncompleteAndListsWhatIsMissing() {
        ClinicFixtures clinic = clinic();
        String patient = clinic.patient();
        String bp = clinic.bloodPressure(patient, 120, 80);
        Map<String, Object> changes = new HashMap<>();
        changes.put("opioids", null);
        changes.put("adequate-antidepressant-trials", null);
        clinic.create(clinic.screeningTemplate(patient, "2026-01-02T11:00:00Z", changes, bp));

        Observation screening = evaluate(patient);

        assertThat(outcome(screening)).isEqualTo("incomplete");
        assertThat(reasons(screening))
                .containsExactlyInAnyOrder(
                        "ELIG-MISSING-DATA: medication class not answered: opioids",
                        "ELIG-MISSING-DATA: number of adequate antidepressant trials not recorded",
                        "ELIG-MISSING-DATA: no baseline body weight among hasMember",
                        "ELIG-MISSING-DATA: no baseline rating-scale score among hasMember");
    }

    @Test
    void theMostSevereOutcomeWinsAndEveryReasonIsKept() {
        Observation screening =
                evaluate(screenedPatient(150, 95, Map.of("intracerebral-hemorrhage", true, "opioids", true)));

        assertThat(outcome(screening)).isEqualTo("not-eligible");
        assertThat(reasons(screening))
                .extracting(r -> r.substring(0, r.indexOf(':')))
                .containsExactly("ELIG-ABSOLUTE-CONTRAINDICATION", "ELIG-PREDOSE-BP", "ELIG-INTERACTING-MEDICATION");
    }

    @Test
    void aPatientWithoutAScreeningGetsA422NamingTheRule() {
        String patient = clinic().patient();

        assertThatThrownBy(() -> evaluate(patient))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("ELIG-NO-SCREENING");
    }

    @Test
    void anUnknownPatientIsA404() {
        assertThatThrownBy(() -> evaluate("Patient/does-not-exist")).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void reEvaluatingReplacesTheReasonsRatherThanAddingToThem() {
        String patient = screenedPatient(128, 82, Map.of("opioids", true));
        evaluate(patient);

        Observation again = evaluate(patient);

        assertThat(again.getExtension().stream().map(Extension::getUrl).filter(u -> u.endsWith("eligibility-reason")))
                .hasSize(1);
    }
}
