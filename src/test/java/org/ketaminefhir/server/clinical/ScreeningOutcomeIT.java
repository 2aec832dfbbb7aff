package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * The eligibility outcome comes from the server's rules, not from the client: on every write of a screening, alone or
 * in a transaction with its baseline observations, the server computes it; a written outcome that disagrees is a 422
 * naming the rule, and nothing is stored.
 */
class ScreeningOutcomeIT extends FhirServerTestBase {

    private static final String SCREENED = "2026-01-02T11:00:00Z";

    private static CodeableConcept outcome(String code) {
        return new CodeableConcept(new Coding(ClinicFixtures.IG + "CodeSystem/eligibility-outcome", code, null));
    }

    private static String outcomeOf(Observation screening) {
        return screening.getValueCodeableConcept().getCodingFirstRep().getCode();
    }

    private static List<String> reasonRules(Observation screening) {
        return screening.getExtensionsByUrl(ClinicFixtures.IG + "StructureDefinition/eligibility-reason").stream()
                .map(e -> e.getExtensionByUrl("rule").getValue().primitiveValue())
                .toList();
    }

    private int screeningsOf(String patient) {
        return client().search()
                .byUrl("Observation?subject=" + patient + "&code=" + ClinicFixtures.OBS_CODES + "|ketamine-screening")
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .size();
    }

    @Test
    void aClientWrittenEligibleOutcomeOverAnAbsoluteContraindicationIsRefusedAndNotStored() throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String patient = clinic.patient();
        Observation screening = clinic.screeningTemplate(
                patient,
                SCREENED,
                Map.of("aneurysmal-vascular-disease", true),
                clinic.baseline(patient, SCREENED, 120, 80, 80));
        screening.setValue(outcome("eligible"));

        HttpResponse<String> response =
                send("POST", "/Observation", token(), FHIR.newJsonParser().encodeResourceToString(screening));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body())
                .contains("OperationOutcome", "ELIG-OUTCOME", "not-eligible", "ELIG-ABSOLUTE-CONTRAINDICATION");
        assertThat(screeningsOf(patient)).isZero();

        // And it licenses nothing: a session for this patient is refused.
        String plan = clinic.plan(patient);
        Instant monday = Instant.parse("2026-01-05T09:00:00Z");
        String encounter = clinic.encounter(patient, monday.minusSeconds(900), monday.plusSeconds(5400));
        HttpResponse<String> session = send(
                "POST",
                "/MedicationAdministration",
                token(),
                FHIR.newJsonParser()
                        .encodeResourceToString(
                                clinic.ivSession(patient, plan, encounter, monday, new BigDecimal("0.5"))));
        assertThat(session.statusCode()).isEqualTo(422);
    }

    @Test
    void aScreeningWrittenWithoutAnOutcomeGetsTheComputedOneWithItsReasons() {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String patient = clinic.patient();
        Observation screening = clinic.screeningTemplate(
                patient, SCREENED, Map.of("opioids", true), clinic.baseline(patient, SCREENED, 120, 80, 80));

        String id = clinic.create(screening);

        Observation stored =
                client().read().resource(Observation.class).withId(id).execute();
        assertThat(outcomeOf(stored)).isEqualTo("eligible-with-precautions");
        assertThat(reasonRules(stored)).containsExactly("ELIG-INTERACTING-MEDICATION");
    }

    @Test
    void anAgreeingOutcomeIsKeptAndClientWrittenReasonsAreReplacedByTheRules() {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String patient = clinic.patient();
        Observation screening =
                clinic.screeningTemplate(patient, SCREENED, Map.of(), clinic.baseline(patient, SCREENED, 150, 95, 80));
        screening.setValue(outcome("deferred"));
        org.hl7.fhir.r4.model.Extension madeUp =
                screening.addExtension().setUrl(ClinicFixtures.IG + "StructureDefinition/eligibility-reason");
        madeUp.addExtension("rule", new org.hl7.fhir.r4.model.StringType("MADE-UP"));
        madeUp.addExtension("detail", new org.hl7.fhir.r4.model.StringType("written by the client"));

        Observation stored = client().read()
                .resource(Observation.class)
                .withId(clinic.create(screening))
                .execute();

        assertThat(outcomeOf(stored)).isEqualTo("deferred");
        assertThat(reasonRules(stored)).containsExactly("ELIG-PREDOSE-BP");
    }

    /** A transaction with the baseline observations (urn:uuid references) and the screening that links them. */
    private Bundle screeningTransaction(String patient, Map<String, Object> changes, String writtenOutcome) {
        ClinicFixtures clinic = new ClinicFixtures(client());
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Observation bp = ClinicFixtures.example("Observation", "iv-baseline-bp", Observation.class)
                .setSubject(new Reference(patient));
        Observation weight = ClinicFixtures.example("Observation", "iv-baseline-weight", Observation.class)
                .setSubject(new Reference(patient));
        Observation score = ClinicFixtures.example("Observation", "iv-phq9-week0", Observation.class)
                .setSubject(new Reference(patient));
        Observation screening = clinic.screeningTemplate(patient, SCREENED, changes);
        int n = 0;
        for (Observation observation : List.of(bp, weight, score)) {
            String fullUrl = "urn:uuid:00000000-0000-0000-0000-00000000000" + (++n);
            bundle.addEntry()
                    .setFullUrl(fullUrl)
                    .setResource(observation)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Observation");
            screening.addHasMember(new Reference(fullUrl));
        }
        if (writtenOutcome != null) {
            screening.setValue(outcome(writtenOutcome));
        }
        bundle.addEntry()
                .setFullUrl("urn:uuid:00000000-0000-0000-0000-000000000009")
                .setResource(screening)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");
        return bundle;
    }

    @Test
    void inATransactionTheLinkedBaselineObservationsAreTakenFromTheBundle() throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String patient = clinic.patient();

        Bundle result = client().transaction()
                .withBundle(screeningTransaction(patient, Map.of(), "eligible"))
                .execute();
        String id = result.getEntry().get(3).getResponse().getLocation();
        assertThat(outcomeOf(client().read()
                        .resource(Observation.class)
                        .withId(new org.hl7.fhir.r4.model.IdType(id).toVersionless())
                        .execute()))
                .isEqualTo("eligible");

        String other = clinic.patient();
        HttpResponse<String> refused = send(
                "POST",
                "",
                token(),
                FHIR.newJsonParser()
                        .encodeResourceToString(
                                screeningTransaction(other, Map.of("intracerebral-hemorrhage", true), "eligible")));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("ELIG-OUTCOME", "ELIG-ABSOLUTE-CONTRAINDICATION");
        assertThat(screeningsOf(other)).isZero();
        assertThat(client().search()
                        .byUrl("Observation?subject=" + other)
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .as("nothing of the transaction is stored")
                .isEmpty();
    }
}
