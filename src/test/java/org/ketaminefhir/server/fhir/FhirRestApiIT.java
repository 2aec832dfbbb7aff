package org.ketaminefhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;

/** The standard FHIR REST interactions, over HTTP, against the server on PostgreSQL. */
class FhirRestApiIT extends FhirServerTestBase {

    private static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1";
    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void metadataNamesFhirVersionAndOurSoftware() {
        CapabilityStatement metadata =
                client().capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(metadata.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(metadata.getSoftware().getName()).isEqualTo("Ketamine Therapy FHIR Server");
        assertThat(metadata.getSoftware().getVersion()).isEqualTo(System.getProperty("project.version"));
    }

    @Test
    void createReadUpdateVreadDelete() {
        IGenericClient client = client();
        Patient patient = patient("Okafor", "Ada");
        IIdType id = client.create().resource(patient).execute().getId().toUnqualifiedVersionless();

        Patient read = client.read().resource(Patient.class).withId(id).execute();
        assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Okafor");
        assertThat(read.getMeta().getVersionId()).isEqualTo("1");

        read.getNameFirstRep().setFamily("Okafor-Reyes");
        MethodOutcome updated = client.update().resource(read).execute();
        assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");

        Patient version1 = client.read()
                .resource(Patient.class)
                .withIdAndVersion(id.getIdPart(), "1")
                .execute();
        Patient version2 = client.read()
                .resource(Patient.class)
                .withIdAndVersion(id.getIdPart(), "2")
                .execute();
        assertThat(version1.getNameFirstRep().getFamily()).isEqualTo("Okafor");
        assertThat(version2.getNameFirstRep().getFamily()).isEqualTo("Okafor-Reyes");

        client.delete().resourceById(id).execute();
        assertThatThrownBy(
                        () -> client.read().resource(Patient.class).withId(id).execute())
                .isInstanceOf(ResourceGoneException.class);
    }

    @Test
    void searchByName() {
        String family = "Lindqvist" + suffix();
        client().create().resource(patient(family, "Maja")).execute();
        client().create().resource(patient(family, "Erik")).execute();
        client().create().resource(patient("Other" + suffix(), "Maja")).execute();

        Bundle found = client().search()
                .forResource(Patient.class)
                .where(Patient.FAMILY.matchesExactly().value(family))
                .returnBundle(Bundle.class)
                .execute();

        assertThat(found.getEntry()).hasSize(2);
        assertThat(found.getEntry())
                .extracting(e -> ((Patient) e.getResource()).getNameFirstRep().getGivenAsSingleString())
                .containsExactlyInAnyOrder("Maja", "Erik");
    }

    @Test
    void searchByPatientAndDateSortedNewestFirst() {
        IGenericClient client = client();
        IIdType patientId = client.create()
                .resource(patient("Haddad", "Omar"))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        IIdType otherPatient = client.create()
                .resource(patient("Haddad", "Lina"))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        for (String date : List.of(
                "2026-03-02T10:00:00Z", "2026-03-09T10:00:00Z", "2026-03-16T10:00:00Z", "2026-02-20T10:00:00Z")) {
            client.create().resource(heartRate(patientId, date, 72)).execute();
        }
        client.create()
                .resource(heartRate(otherPatient, "2026-03-10T10:00:00Z", 80))
                .execute();

        Bundle found = client.search()
                .forResource(Observation.class)
                .where(Observation.SUBJECT.hasId(patientId))
                .and(Observation.DATE.afterOrEquals().day("2026-03-01"))
                .sort(new SortSpec("date", SortOrderEnum.DESC))
                .returnBundle(Bundle.class)
                .execute();

        assertThat(found.getEntry())
                .extracting(e -> ((Observation) e.getResource())
                        .getEffectiveDateTimeType()
                        .getValueAsString())
                .containsExactly("2026-03-16T10:00:00Z", "2026-03-09T10:00:00Z", "2026-03-02T10:00:00Z");
    }

    @Test
    void historyListsEveryVersion() {
        IGenericClient client = client();
        Patient patient = patient("Novak", "Ivana");
        IIdType id = client.create().resource(patient).execute().getId().toUnqualifiedVersionless();
        patient.setId(id);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1984-05-17"));
        client.update().resource(patient).execute();

        Bundle history =
                client.history().onInstance(id).returnBundle(Bundle.class).execute();

        assertThat(history.getType()).isEqualTo(Bundle.BundleType.HISTORY);
        assertThat(history.getEntry())
                .extracting(e -> e.getResource().getMeta().getVersionId())
                .containsExactly("2", "1");
    }

    @Test
    void transactionBundleStoresAllEntriesAndResolvesReferences() {
        String patientUuid = "urn:uuid:" + UUID.randomUUID();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setFullUrl(patientUuid)
                .setResource(patient("Mensah", "Kofi"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        Observation heartRate = heartRate(null, "2026-04-01T09:30:00Z", 64);
        heartRate.setSubject(new Reference(patientUuid));
        transaction
                .addEntry()
                .setResource(heartRate)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");

        Bundle response = client().transaction().withBundle(transaction).execute();

        assertThat(response.getEntry()).hasSize(2);
        assertThat(response.getEntry())
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).startsWith("201"));
        String patientLocation = new IdType(
                        response.getEntry().get(0).getResponse().getLocation())
                .toUnqualifiedVersionless()
                .getValue();
        Observation stored = client().read()
                .resource(Observation.class)
                .withUrl(response.getEntry().get(1).getResponse().getLocation())
                .execute();
        assertThat(stored.getSubject().getReference()).isEqualTo(patientLocation);
    }

    @Test
    void transactionWithOneBadEntryStoresNothing() throws Exception {
        String family = "Atomic" + suffix();
        String bundle = """
				{"resourceType":"Bundle","type":"transaction","entry":[
				  {"resource":{"resourceType":"Patient","name":[{"family":"%s"}]},"request":{"method":"POST","url":"Patient"}},
				  {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},
				    "subject":{"reference":"Patient/does-not-exist-%s"}},"request":{"method":"POST","url":"Observation"}}
				]}""".formatted(family, suffix());

        HttpResponse<String> response = post("", bundle);

        assertThat(response.statusCode()).isBetween(400, 499);
        assertThat(parseOperationOutcome(response).getIssueFirstRep().getSeverity())
                .isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(countPatientsNamed(family)).isZero();
    }

    @Test
    void conditionalCreateReturnsTheExistingResource() {
        String mrn = "MRN-" + suffix();
        Patient patient = patient("Tanaka", "Yui");
        patient.addIdentifier().setSystem(MRN_SYSTEM).setValue(mrn);
        String condition = "identifier=" + MRN_SYSTEM + "|" + mrn;

        MethodOutcome first = client().create()
                .resource(patient)
                .conditionalByUrl("Patient?" + condition)
                .execute();
        MethodOutcome second = client().create()
                .resource(patient)
                .conditionalByUrl("Patient?" + condition)
                .execute();

        assertThat(first.getCreated()).isTrue();
        assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
        assertThat(second.getId().toUnqualifiedVersionless())
                .isEqualTo(first.getId().toUnqualifiedVersionless());
        Bundle matches = client().search()
                .byUrl("Patient?" + condition)
                .returnBundle(Bundle.class)
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .execute();
        assertThat(matches.getEntry()).hasSize(1);
    }

    @Test
    void updateWithStaleIfMatchIsRejectedAndLeavesTheStoredVersion() throws Exception {
        IGenericClient client = client();
        Patient patient = patient("Silva", "Rui");
        IIdType id = client.create().resource(patient).execute().getId().toUnqualifiedVersionless();
        patient.setId(id);
        patient.getNameFirstRep().setFamily("Silva-Costa");
        client.update().resource(patient).execute(); // now version 2

        patient.getNameFirstRep().setFamily("Stale-Write");
        HttpResponse<String> response = http.send(
                request("/" + id.getValue())
                        .header("Content-Type", "application/fhir+json")
                        .header("If-Match", "W/\"1\"")
                        .PUT(HttpRequest.BodyPublishers.ofString(
                                FHIR.newJsonParser().encodeResourceToString(patient)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(412); // FHIR R4 http.html: Precondition Failed
        assertThat(parseOperationOutcome(response).getIssue()).isNotEmpty();
        Patient stored = client.read().resource(Patient.class).withId(id).execute();
        assertThat(stored.getMeta().getVersionId()).isEqualTo("2");
        assertThat(stored.getNameFirstRep().getFamily()).isEqualTo("Silva-Costa");
    }

    @Test
    void malformedJsonIsA400WithAnOperationOutcomeAndStoresNothing() throws Exception {
        String family = "Malformed" + suffix();

        HttpResponse<String> response =
                post("/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(parseOperationOutcome(response).getIssueFirstRep().getDiagnostics())
                .contains("JSON");
        assertThat(countPatientsNamed(family)).isZero();
    }

    @Test
    void unknownResourceTypeInTheBodyIsA400AndStoresNothing() throws Exception {
        HttpResponse<String> asPatient = post("/Patient", "{\"resourceType\":\"KetamineSession\",\"id\":\"x\"}");
        HttpResponse<String> inTransaction = post("", """
				{"resourceType":"Bundle","type":"transaction","entry":[
				  {"resource":{"resourceType":"KetamineSession"},"request":{"method":"POST","url":"KetamineSession"}}]}""");

        assertThat(asPatient.statusCode()).isEqualTo(400);
        assertThat(parseOperationOutcome(asPatient).getIssueFirstRep().getDiagnostics())
                .contains("KetamineSession");
        assertThat(inTransaction.statusCode()).isEqualTo(400);
        assertThat(parseOperationOutcome(inTransaction).getIssueFirstRep().getDiagnostics())
                .contains("KetamineSession");
    }

    @Test
    void unknownResourceTypeInTheUrlIsA404AsTheFhirSpecRequires() throws Exception {
        // FHIR R4 http.html: create/read of an unsupported resource type answers 404 Not Found.
        HttpResponse<String> response = post("/KetamineSession", "{\"resourceType\":\"KetamineSession\"}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(parseOperationOutcome(response).getIssueFirstRep().getDiagnostics())
                .contains("Unknown resource type");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                request(path)
                        .header("Content-Type", "application/fhir+json")
                        .header("Accept", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static OperationOutcome parseOperationOutcome(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).contains("fhir+json"));
        return FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
    }

    private int countPatientsNamed(String family) {
        return client().search()
                .forResource(Patient.class)
                .where(Patient.FAMILY.matchesExactly().value(family))
                .summaryMode(SummaryEnum.COUNT)
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    private static Patient patient(String family, String given) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven(given);
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        return patient;
    }

    private static Observation heartRate(IIdType patient, String effective, int bpm) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation
                .addCategory()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
                .setCode("vital-signs");
        observation
                .getCode()
                .addCoding()
                .setSystem("http://loinc.org")
                .setCode("8867-4")
                .setDisplay("Heart rate");
        if (patient != null) {
            observation.setSubject(new Reference(patient));
        }
        observation.setEffective(new DateTimeType(effective));
        observation.setValue(new Quantity()
                .setValue(bpm)
                .setUnit("beats/minute")
                .setSystem("http://unitsofmeasure.org")
                .setCode("/min"));
        return observation;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
