package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.Tokens;

/**
 * SMART scopes mapped onto HAPI's rules, interaction by interaction: {@code r} without {@code s} and the reverse,
 * {@code c}, {@code u} and {@code d} each on their own, SMART 1 names, filtered scopes (narrowing searches and their
 * counts, and guarding reads and writes), what the operations need, and what no scope grants.
 */
class ScopeEnforcementIT extends FhirServerTestBase {

    private String patient;
    private String vital;
    private String lab;

    @BeforeEach
    void aPatientWithAVitalSignAndALabResult() {
        Patient p = new Patient();
        p.addName().setFamily("Scopes" + UUID.randomUUID().toString().substring(0, 6));
        patient = client().create()
                .resource(p)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        vital = create(observation(patient, "vital-signs", "8867-4"));
        lab = create(observation(patient, "laboratory", "2160-0"));
    }

    @Test
    void readWithoutSearchAndSearchWithoutRead() throws Exception {
        String readOnly = user("user/Observation.r");
        String searchOnly = user("user/Observation.s");

        assertThat(status("GET", "/" + vital, readOnly, null)).isEqualTo(200);
        assertThat(status("GET", "/Observation?subject=" + patient, readOnly, null))
                .isEqualTo(403);
        assertThat(status("GET", "/Observation?subject=" + patient, searchOnly, null))
                .isEqualTo(200);
        assertThat(status("GET", "/" + vital, searchOnly, null)).isEqualTo(403);
        assertThat(status("POST", "", readOnly, batch("Observation?subject=" + patient)))
                .as("a search in a batch needs s")
                .isEqualTo(403);
    }

    @Test
    void aWriteOnlyTokenLearnsNothingFromItsWrites() throws Exception {
        String writeOnly = backend("system/Observation.c");
        HttpResponse<String> created =
                send("POST", "/Observation", writeOnly, json(observation(patient, "vital-signs", "8867-4")));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).isPresent();
        Resource body = (Resource) FHIR.newJsonParser().parseResource(created.body());
        assertThat(body).as("an OperationOutcome, not the stored resource").isInstanceOf(OperationOutcome.class);
        assertThat(status("GET", "/" + vital, writeOnly, null)).isEqualTo(403);
    }

    @Test
    void updateDeleteAndCreateAreSeparatePermissions() throws Exception {
        String updateOnly = backend("system/Observation.u");
        String deleteOnly = backend("system/Observation.d");
        Observation changed =
                client().read().resource(Observation.class).withId(vital).execute();
        changed.setValue(new Quantity()
                .setValue(99)
                .setUnit("/min")
                .setSystem("http://unitsofmeasure.org")
                .setCode("/min"));

        assertThat(status("PUT", "/" + vital, updateOnly, json(changed))).isEqualTo(200);
        assertThat(status("POST", "/Observation", updateOnly, json(observation(patient, "vital-signs", "8867-4"))))
                .isEqualTo(403);
        Observation newId = observation(patient, "vital-signs", "8867-4");
        newId.setId("scopes-" + UUID.randomUUID());
        assertThat(status("PUT", "/Observation/" + newId.getIdPart(), updateOnly, json(newId)))
                .as("update-as-create needs c")
                .isEqualTo(403);
        assertThat(status("DELETE", "/" + lab, updateOnly, null)).isEqualTo(403);
        assertThat(status("DELETE", "/" + lab, deleteOnly, null)).isEqualTo(200);
    }

    @Test
    void smartOneScopeNamesMeanReadAndWrite() throws Exception {
        String read = user("user/Observation.read");
        String write = backend("system/Observation.write");

        assertThat(status("GET", "/" + vital, read, null)).isEqualTo(200);
        assertThat(status("GET", "/Observation?subject=" + patient, read, null)).isEqualTo(200);
        assertThat(status("POST", "/Observation", read, json(observation(patient, "vital-signs", "8867-4"))))
                .isEqualTo(403);
        assertThat(status("POST", "/Observation", write, json(observation(patient, "vital-signs", "8867-4"))))
                .isEqualTo(201);
        assertThat(status("GET", "/" + vital, write, null)).isEqualTo(403);
    }

    @Test
    void aFilteredScopeNarrowsSearchesAndCountsAndGuardsReadsAndWrites() throws Exception {
        String vitalsOnly = user("user/Observation.rs?category=vital-signs");

        Bundle found = bundle(send("GET", "/Observation?subject=" + patient + "&_total=accurate", vitalsOnly, null));
        assertThat(found.getEntry())
                .extracting(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .containsExactly(vital);
        assertThat(found.getTotal()).isEqualTo(1);
        assertThat(bundle(send("GET", "/Observation?subject=" + patient + "&_summary=count", vitalsOnly, null))
                        .getTotal())
                .isEqualTo(1);
        assertThat(status("GET", "/" + vital, vitalsOnly, null)).isEqualTo(200);
        assertThat(status("GET", "/" + lab, vitalsOnly, null)).isEqualTo(403);

        String vitalsOrLabs = user("user/Observation.rs?category=vital-signs user/Observation.rs?category=laboratory");
        assertThat(bundle(send("GET", "/Observation?subject=" + patient, vitalsOrLabs, null))
                        .getEntry())
                .hasSize(2);

        String createVitals = user("user/Observation.cr?category=vital-signs");
        assertThat(status("POST", "/Observation", createVitals, json(observation(patient, "vital-signs", "8867-4"))))
                .isEqualTo(201);
        assertThat(status("POST", "/Observation", createVitals, json(observation(patient, "laboratory", "2160-0"))))
                .isEqualTo(403);
    }

    @Test
    void operationsNeedEverythingTheyReadAndTheSensitiveScope() throws Exception {
        String partial = user("user/Patient.rs user/Observation.rs sensitive/psy.read");
        String wide = user("user/*.rs sensitive/psy.read");
        String wideWithoutSensitive = user("user/*.rs");

        assertThat(status("GET", "/" + patient + "/$ketamine-progress", partial, null))
                .isEqualTo(403);
        assertThat(status("GET", "/" + patient + "/$ketamine-progress", wide, null))
                .isEqualTo(200);
        HttpResponse<String> noSensitive =
                send("GET", "/" + patient + "/$ketamine-progress", wideWithoutSensitive, null);
        assertThat(noSensitive.statusCode()).isEqualTo(403);
        assertThat(noSensitive.body()).contains("sensitive/psy.read");
        assertThat(status("POST", "/" + patient + "/$ketamine-eligibility", wide, "{\"resourceType\":\"Parameters\"}"))
                .as("eligibility writes the screening: needs u on Observation")
                .isEqualTo(403);
    }

    @Test
    void validateNeedsAWriteScopeOnTheType() throws Exception {
        String body = json(observation(patient, "vital-signs", "8867-4"));

        assertThat(status("POST", "/Observation/$validate", user("user/Observation.rs"), body))
                .isEqualTo(403);
        assertThat(status("POST", "/Observation/$validate", backend("system/Observation.c"), body))
                .isEqualTo(200);
    }

    @Test
    void noScopeGrantsTheMetaOperationsOrWritesToDefinitionsByWildcard() throws Exception {
        String everything = token();
        assertThat(status("GET", "/" + patient + "/$meta", everything, null)).isEqualTo(403);
        assertThat(
                        status(
                                "POST",
                                "/" + patient + "/$meta-delete",
                                everything,
                                "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":{\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"PSY\"}]}}]}"))
                .isEqualTo(403);

        HttpResponse<String> definitions = send(
                "GET",
                "/StructureDefinition?url=https://ketaminefhir.org/ig/StructureDefinition/ketamine-session",
                backend("system/Patient.rs"),
                null);
        assertThat(definitions.statusCode())
                .as("definitions are readable with any token")
                .isEqualTo(200);
        Resource profile = bundle(definitions).getEntryFirstRep().getResource();
        assertThat(status(
                        "PUT", "/StructureDefinition/" + profile.getIdElement().getIdPart(), everything, json(profile)))
                .as("system/*.cruds does not rewrite the IG")
                .isEqualTo(403);
    }

    @Test
    void searchesAndHistoriesAcrossEverythingNeedWildcardScopes() throws Exception {
        String observations = user("user/Observation.rs sensitive/psy.read");

        assertThat(status("GET", "/_history", observations, null)).isEqualTo(403);
        assertThat(status("GET", "/Observation/_history", observations, null)).isEqualTo(200);
        assertThat(status("GET", "/Patient/_history", observations, null)).isEqualTo(403);
        assertThat(status("GET", "/_history?_count=1", token(), null)).isEqualTo(200);
        assertThat(status("GET", "/Observation?subject.family=Scopes", observations, null))
                .as("a chain into Patient needs a search scope on Patient")
                .isEqualTo(403);
        assertThat(status("GET", "/Patient?_has:Observation:subject:code=8867-4", user("user/Patient.rs"), null))
                .as("_has needs a search scope on the other type")
                .isEqualTo(403);
    }

    // ----- helpers ------------------------------------------------------------------------------------------------

    /** A clinician's token with exactly these scopes (through the real authorization-code flow). */
    private String user(String scopes) {
        var grant = AuthorizationCodeFlow.login(origin(), TestClinic.CLINICIAN, scopes, Map.of());
        assertThat(grant.status()).as(grant.body()).isEqualTo(200);
        assertThat(grant.json().get("scope").asText().split(" "))
                .as("granted as asked")
                .containsExactlyInAnyOrder(scopes.split(" "));
        return grant.json().get("access_token").asText();
    }

    private String backend(String scopes) {
        return Tokens.backend(origin(), TestClinic.BACKEND, TestClinic.BACKEND_KEY, scopes);
    }

    private int status(String method, String path, String token, String body) throws Exception {
        return send(method, path, token, body).statusCode();
    }

    private static Bundle bundle(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private String create(Resource resource) {
        return client().create()
                .resource(resource)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
    }

    private static String batch(String getUrl) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"entry\":[{\"request\":{\"method\":\"GET\",\"url\":\""
                + getUrl + "\"}}]}";
    }

    private static String json(Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    private static Observation observation(String patient, String category, String loinc) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/observation-category", category, null)));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", loinc, null)));
        observation.setSubject(new Reference(patient));
        observation.setEffective(new DateTimeType("2026-10-03T10:00:00Z"));
        observation.setValue(new Quantity()
                .setValue(70)
                .setUnit("1")
                .setSystem("http://unitsofmeasure.org")
                .setCode("1"));
        return observation;
    }
}
