package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.Tokens;

/**
 * Mental-health sensitive data: every resource declaring one of the IG's profiles is stored with the confidentiality
 * {@code R} and sensitivity {@code PSY} labels, and released only to tokens with the sensitive-data scope. For any
 * other token it is absent from searches, totals, includes, histories and {@code $everything}, a read of it is refused,
 * and it cannot be written; unlabelled data (an EHR's US Core observation) is not affected.
 */
class SensitivityLabelsIT extends FhirServerTestBase {

    static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    private String patient;
    private String score;
    private String heartRate;
    private String usCore;
    private String plain;

    @BeforeEach
    void aPatientWithLabelledAndUnlabelledData() {
        ClinicFixtures clinic = new ClinicFixtures(client());
        patient = clinic.patient();
        score = clinic.score(patient, "iv-phq9-week0", "2026-10-01T10:00:00Z", 18);
        heartRate = client().create()
                .resource(heartRate(patient, null))
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        usCore = client().create()
                .resource(heartRate(patient, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-heart-rate"))
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        plain = Tokens.backend(origin(), TestClinic.BACKEND_PLAIN, TestClinic.BACKEND_PLAIN_KEY, "system/*.cruds");
    }

    @Test
    void profiledResourcesAreStoredWithTheMentalHealthLabelsAndKeepThem() {
        Observation stored =
                client().read().resource(Observation.class).withId(score).execute();
        assertThat(stored.getMeta().getSecurity())
                .extracting(Coding::getSystem, Coding::getCode)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(CONFIDENTIALITY, "R"),
                        org.assertj.core.groups.Tuple.tuple(ACT_CODE, "PSY"));
        assertThat(client().read()
                        .resource(Patient.class)
                        .withId(patient)
                        .execute()
                        .getMeta()
                        .getSecurity())
                .hasSize(2);
        assertThat(client().read()
                        .resource(Observation.class)
                        .withId(heartRate)
                        .execute()
                        .getMeta()
                        .getSecurity())
                .isEmpty();
        assertThat(client().read()
                        .resource(Observation.class)
                        .withId(usCore)
                        .execute()
                        .getMeta()
                        .getSecurity())
                .isEmpty();

        stored.getMeta().getSecurity().clear();
        stored.setValue(new org.hl7.fhir.r4.model.IntegerType(17));
        client().update().resource(stored).execute();
        assertThat(client().read()
                        .resource(Observation.class)
                        .withId(score)
                        .execute()
                        .getMeta()
                        .getSecurity())
                .as("a client cannot strip the labels")
                .extracting(Coding::getCode)
                .contains("R", "PSY");
    }

    @Test
    void withoutTheSensitiveScopeLabelledDataIsNotThere() throws Exception {
        Bundle all = search(plain, "/Observation?subject=" + patient + "&_total=accurate");
        assertThat(ids(all)).containsExactlyInAnyOrder(id(heartRate), id(usCore));
        assertThat(all.getTotal()).isEqualTo(2);
        assertThat(search(plain, "/Observation?subject=" + patient + "&_summary=count")
                        .getTotal())
                .isEqualTo(2);
        assertThat(search(token(), "/Observation?subject=" + patient + "&_summary=count")
                        .getTotal())
                .as("with the scope: the score too")
                .isEqualTo(3);

        Bundle included = search(plain, "/Observation?subject=" + patient + "&_include=Observation:subject");
        assertThat(included.getEntry())
                .extracting(e -> e.getResource().fhirType())
                .doesNotContain("Patient");
        assertThat(search(plain, "/Patient?_id=" + id(patient)).getEntry()).isEmpty();

        Bundle everything = search(plain, "/" + patient + "/$everything");
        assertThat(everything.getEntry())
                .extracting(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .doesNotContain(score, patient)
                .contains(heartRate);

        assertThat(search(plain, "/" + heartRate + "/_history").getEntry()).hasSize(1);
        assertThat(send("GET", "/" + score + "/_history", plain, null).statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/Observation/_history", plain, null).statusCode())
                .as("a type's history cannot be narrowed by label")
                .isEqualTo(403);
        assertThat(send("GET", "/Observation/_history", token(), null).statusCode())
                .isEqualTo(200);
    }

    /**
     * HAPI keeps one set of tags per record and shows it on every version (tag storage NON_VERSIONED): a labelled record
     * keeps its labels even when an update makes it look unsensitive and asks HAPI to replace the labels, so its earlier
     * versions stay labelled and out of reach without the scope.
     */
    @Test
    void aLabelledRecordKeepsItsLabelsOnEveryVersion() throws Exception {
        Observation stored =
                client().read().resource(Observation.class).withId(score).execute();
        stored.getMeta().getProfile().clear();
        stored.getMeta().getSecurity().clear();
        HttpResponse<String> update = updateReplacingMeta(stored);
        assertThat(update.statusCode()).as(update.body()).isIn(200, 201);

        Observation current =
                client().read().resource(Observation.class).withId(score).execute();
        assertThat(current.getMeta().getSecurity()).extracting(Coding::getCode).contains("R", "PSY");
        Observation first = client().read()
                .resource(Observation.class)
                .withIdAndVersion(id(score), "1")
                .execute();
        assertThat(first.getMeta().getSecurity()).extracting(Coding::getCode).contains("R", "PSY");
        assertThat(send("GET", "/" + score + "/_history/1", plain, null).statusCode())
                .isEqualTo(403);
        assertThat(ids(search(token(), "/Observation?_security=" + CONFIDENTIALITY + "%7CR&subject=" + patient)))
                .contains(id(score));
        assertThat(ids(search(plain, "/Observation?subject=" + patient))).doesNotContain(id(score));
    }

    private HttpResponse<String> updateReplacingMeta(Observation observation) throws Exception {
        return java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(fhirBase() + "/" + score))
                                .header("Authorization", "Bearer " + token())
                                .header("Content-Type", "application/fhir+json")
                                .header("X-Meta-Snapshot-Mode", "TAG,PROFILE,SECURITY_LABEL")
                                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json(observation)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutTheSensitiveScopeReadingOrWritingLabelledDataIsRefused() throws Exception {
        HttpResponse<String> read = send("GET", "/" + score, plain, null);
        HttpResponse<String> readPatient = send("GET", "/" + patient, plain, null);
        Observation copy = ClinicFixtures.example("Observation", "iv-phq9-week0", Observation.class);
        copy.setSubject(new Reference(patient));
        HttpResponse<String> create = send("POST", "/Observation", plain, json(copy));
        HttpResponse<String> delete = send("DELETE", "/" + score, plain, null);

        for (HttpResponse<String> refused : List.of(read, readPatient, create, delete)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).contains("sensitive/psy.read");
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElse(""))
                    .contains("insufficient_scope");
        }
        assertThat(send("GET", "/" + heartRate, plain, null).statusCode())
                .as("unlabelled data is unaffected")
                .isEqualTo(200);
        assertThat(send("GET", "/" + usCore, plain, null).statusCode()).isEqualTo(200);
        assertThat(client().read().resource(Observation.class).withId(score).execute())
                .as("not deleted")
                .isNotNull();
    }

    private Bundle search(String token, String path) throws Exception {
        HttpResponse<String> response = send("GET", path, token, null);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }

    private static List<String> ids(Bundle bundle) {
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .map(Resource::getIdElement)
                .map(i -> i.getIdPart())
                .toList();
    }

    private static String id(String reference) {
        return reference.substring(reference.indexOf('/') + 1);
    }

    private static String json(Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    private static Observation heartRate(String patient, String profile) {
        Observation observation = new Observation();
        if (profile != null) {
            observation.getMeta().addProfile(profile);
        }
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addIdentifier().setValue("hr-" + UUID.randomUUID());
        observation.addCategory(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", null)));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
        observation.setSubject(new Reference(patient));
        observation.setEffective(new DateTimeType("2026-10-02T10:00:00Z"));
        observation.setValue(new Quantity()
                .setValue(70)
                .setUnit("/min")
                .setSystem("http://unitsofmeasure.org")
                .setCode("/min"));
        return observation;
    }
}
