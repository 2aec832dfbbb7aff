package org.ketaminefhir.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;
import org.springframework.beans.factory.annotation.Autowired;

/** The enforcement policy at its edges, and the IG as the server publishes it. */
class ProfileEnforcementIT extends FhirServerTestBase {

    private static final String IG = "https://ketaminefhir.org/ig/";
    private static final HttpClient http = HttpClient.newHttpClient();
    private static boolean patientLoaded;

    @BeforeEach
    void loadAPatient() {
        if (!patientLoaded) {
            client().update()
                    .resource(IgExamples.get("Patient", "patient-iv").json())
                    .execute();
            patientLoaded = true;
        }
    }

    @Test
    void anEhrConditionThatClaimsAnotherIgsProfileIsStillAccepted() throws Exception {
        String condition = """
				{"resourceType":"Condition",
				 "meta":{"profile":["http://hl7.org/fhir/us/core/StructureDefinition/us-core-condition-problems-health-concerns"]},
				 "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
				 "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-category","code":"problem-list-item"}]}],
				 "code":{"coding":[{"system":"http://snomed.info/sct","code":"370143000","display":"Major depressive disorder"}]},
				 "subject":{"reference":"Patient/patient-iv"}}""";

        HttpResponse<String> response = post("/Condition", condition);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    @Test
    void aMedicationAdministrationOfAnotherDrugNeedsNoSessionProfile() throws Exception {
        String ondansetron = """
				{"resourceType":"MedicationAdministration","status":"completed",
				 "medicationCodeableConcept":{"text":"ondansetron 4 mg ODT"},
				 "subject":{"reference":"Patient/patient-iv"},"effectiveDateTime":"2026-01-09T09:22:00Z"}""";

        assertThat(post("/MedicationAdministration", ondansetron).statusCode()).isEqualTo(201);
    }

    @Test
    void aKetamineAdministrationCodedOnlyInTextMustStillDeclareTheSessionProfile() throws Exception {
        String ketamine = """
				{"resourceType":"MedicationAdministration","status":"completed",
				 "medicationCodeableConcept":{"text":"Ketamine HCl 50 mg/mL injection"},
				 "subject":{"reference":"Patient/patient-iv"},"effectiveDateTime":"2026-01-09T09:00:00Z"}""";

        HttpResponse<String> response = post("/MedicationAdministration", ketamine);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body())
                .contains("ket-policy-session-profile")
                .contains(IG + "StructureDefinition/ketamine-session");
    }

    @Test
    void invalidBaseR4IsRefusedEvenWithoutAnyProfile() throws Exception {
        // Observation.status is required by base R4.
        String noStatus = """
				{"resourceType":"Observation","code":{"text":"mood"},"subject":{"reference":"Patient/patient-iv"}}""";

        HttpResponse<String> response = post("/Observation", noStatus);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("Observation.status: minimum required = 1");
    }

    @Test
    void anUnknownElementIsRefusedRatherThanSilentlyDropped() throws Exception {
        String unknownElement = """
				{"resourceType":"Patient","name":[{"family":"Dropped"}],"favouriteColour":"teal"}""";

        HttpResponse<String> response = post("/Patient", unknownElement);

        assertThat(response.statusCode()).isBetween(400, 422);
        assertThat(response.body()).contains("favouriteColour");
    }

    @Test
    void anInvalidEntryRollsBackTheWholeTransaction() throws Exception {
        String family = "Rollback" + System.nanoTime();
        String transaction = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				  {"fullUrl":"urn:uuid:6f1c1a52-0d7e-4a8e-9a57-1f7a4c0e2b11",
				   "resource":{"resourceType":"Patient","identifier":[{"system":"urn:example:mrn","value":"%s"}],
				               "name":[{"family":"%s"}],"gender":"female","birthDate":"1980-01-01"},
				   "request":{"method":"POST","url":"Patient"}},
				  {"resource":{"resourceType":"Observation",
				               "meta":{"profile":["https://ketaminefhir.org/ig/StructureDefinition/ketamine-score"]},
				               "status":"final",
				               "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"survey"}]}],
				               "code":{"coding":[{"system":"http://loinc.org","code":"70274-6"}]},
				               "subject":{"reference":"urn:uuid:6f1c1a52-0d7e-4a8e-9a57-1f7a4c0e2b11"},
				               "effectiveDateTime":"2026-01-09T10:00:00Z","valueInteger":22},
				   "request":{"method":"POST","url":"Observation"}}]}""".formatted(family, family);

        HttpResponse<String> response = post("", transaction);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("ket-score-gad7");
        Bundle patients = client().search()
                .byUrl("Patient?family=" + family)
                .returnBundle(Bundle.class)
                .cacheControl(new ca.uhn.fhir.rest.api.CacheControlDirective().setNoCache(true))
                .execute();
        assertThat(patients.getEntry()).isEmpty();
    }

    @Autowired
    private ProfileEnforcementInterceptor enforcement;

    /**
     * A session bundle's entries are validated before its database transaction, and storage takes each result as it
     * is (nothing validated twice). (An entry changed on the way is validated again at storage: EarlyValidationTest.)
     */
    @Test
    void aBundlesEntriesAreValidatedOnceBeforeStorage() throws Exception {
        org.ketaminefhir.bench.SyntheticClinic clinic = new org.ketaminefhir.bench.SyntheticClinic(FHIR, 7, "pe");
        org.ketaminefhir.bench.SyntheticClinic.PatientRecords records = clinic.patient(0);
        client().transaction().withBundle(records.setup()).execute();
        Bundle session = records.sessions().get(0);
        long early = enforcement.validatedEarly();
        long atStorage = enforcement.validatedAtStorage();

        client().transaction().withBundle(session).execute();

        assertThat(enforcement.validatedEarly() - early)
                .as("validated before storage")
                .isEqualTo(session.getEntry().size());
        assertThat(enforcement.validatedAtStorage() - atStorage)
                .as("validated again at storage")
                .isZero();

        String family = "Placeholder" + System.nanoTime();
        String transaction = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				  {"fullUrl":"urn:uuid:0b5c5a4e-0d0c-4d55-9a0e-3a1b2c3d4e5f",
				   "resource":{"resourceType":"Patient","name":[{"family":"%s"}],"gender":"female","birthDate":"1980-01-01"},
				   "request":{"method":"POST","url":"Patient"}},
				  {"resource":{"resourceType":"Observation","status":"final",
				               "code":{"coding":[{"system":"http://loinc.org","code":"29463-7"}]},
				               "subject":{"reference":"urn:uuid:0b5c5a4e-0d0c-4d55-9a0e-3a1b2c3d4e5f"},
				               "effectiveDateTime":"2026-01-09T10:00:00Z",
				               "valueQuantity":{"value":80,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}},
				   "request":{"method":"POST","url":"Observation"}}]}""".formatted(family);
        early = enforcement.validatedEarly();
        atStorage = enforcement.validatedAtStorage();

        HttpResponse<String> response = post("", transaction);

        // HAPI gives placeholder references their ids after the storage hooks: the entries reach them as sent.
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(enforcement.validatedEarly() - early).isEqualTo(2);
        assertThat(enforcement.validatedAtStorage() - atStorage).isZero();
    }

    @Test
    void metadataListsTheProfilesPerResourceType() {
        CapabilityStatement metadata =
                client().capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(metadata.getImplementationGuide())
                .anySatisfy(ig -> assertThat(ig.getValue()).startsWith(IG));
        assertThat(supportedProfiles(metadata, "MedicationAdministration"))
                .containsExactly(IG + "StructureDefinition/ketamine-session");
        assertThat(supportedProfiles(metadata, "Observation"))
                .contains(
                        IG + "StructureDefinition/ketamine-screening",
                        IG + "StructureDefinition/ketamine-score",
                        IG + "StructureDefinition/session-blood-pressure");
        assertThat(supportedProfiles(metadata, "Patient")).containsExactly(IG + "StructureDefinition/ketamine-patient");
        assertThat(supportedProfiles(metadata, "CarePlan"))
                .containsExactly(IG + "StructureDefinition/ketamine-treatment-plan");
    }

    @Test
    void theGuidesConformanceResourcesCanBeReadAndSearched() {
        Bundle found = client().search()
                .byUrl("StructureDefinition?url=" + IG + "StructureDefinition/ketamine-session")
                .returnBundle(Bundle.class)
                .execute();
        StructureDefinition session = client().read()
                .resource(StructureDefinition.class)
                .withId(found.getEntryFirstRep().getResource().getIdElement().getIdPart())
                .execute();
        assertThat(session.getUrl()).isEqualTo(IG + "StructureDefinition/ketamine-session");
        assertThat(session.getStatus().toCode()).isEqualTo("active");
        assertThat(session.hasSnapshot()).isTrue();

        Bundle valueSets = client().search()
                .byUrl("ValueSet?url=" + IG + "ValueSet/eligibility-outcome")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(valueSets.getEntry()).hasSize(1);
        assertThat(((ValueSet) valueSets.getEntryFirstRep().getResource()).getTitle())
                .isEqualTo("Eligibility Outcome");

        Bundle codeSystems = client().search()
                .byUrl("CodeSystem?url=" + IG + "CodeSystem/ketamine-observation-codes")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(((CodeSystem) codeSystems.getEntryFirstRep().getResource()).getConcept())
                .anySatisfy(c -> assertThat(c.getCode()).isEqualTo("madrs"));

        Bundle profiles = client().search()
                .byUrl("StructureDefinition?type=Observation&derivation=constraint&url:below=" + IG)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(profiles.getEntry()).hasSize(9);

        Bundle questionnaires = client().search()
                .byUrl("Questionnaire?url=" + IG + "Questionnaire/phq-9")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(questionnaires.getEntry()).hasSize(1);
        assertThat(((org.hl7.fhir.r4.model.Questionnaire)
                                questionnaires.getEntryFirstRep().getResource())
                        .getContained())
                .hasSize(2);
    }

    @Test
    void validateWithAProfileParameterReportsThatProfilesRules() throws Exception {
        // A valid PHQ-9 score, but with a value of 30, checked against the score profile it does not itself declare.
        String score = IgExamples.get("Observation", "iv-phq9-week1")
                .json()
                .replaceFirst("\"meta\"\\s*:\\s*\\{[^}]*},", "")
                .replace("\"valueInteger\": 14", "\"valueInteger\": 30");
        assertThat(score).doesNotContain("\"meta\"").contains("\"valueInteger\": 30");

        HttpResponse<String> against = post(
                "/Observation/$validate?profile="
                        + URLEncoder.encode(IG + "StructureDefinition/ketamine-score", StandardCharsets.UTF_8),
                score);
        HttpResponse<String> withoutProfile = post("/Observation/$validate", score);

        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, against.body());
        assertThat(outcome.getIssue()).anySatisfy(i -> {
            assertThat(i.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            assertThat(i.getDiagnostics()).contains("ket-score-phq9");
        });
        assertThat(withoutProfile.body()).doesNotContain("ket-score-phq9");
    }

    private static java.util.List<String> supportedProfiles(CapabilityStatement metadata, String type) {
        return metadata.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals(type))
                .flatMap(r -> r.getSupportedProfile().stream().map(p -> p.getValue()))
                .toList();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                request(path)
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
