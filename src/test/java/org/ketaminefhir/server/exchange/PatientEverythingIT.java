package org.ketaminefhir.server.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.IOperationUntypedWithInput;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;

/**
 * One patient's whole record, {@code Patient/[id]/$everything}: the US Core data a hospital sent (a Synthea-style
 * transaction: encounters, conditions, medication requests, a vital sign, declaring US Core profiles) beside the
 * clinic's own profiled records, with {@code _type}, {@code _since} and {@code _count} paging, and confined by the
 * SMART rules like every read: another patient's data never, labelled data only with the sensitive-data scope, and only
 * the types the token's scopes grant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PatientEverythingIT extends FhirServerTestBase {

    private static final String A = TestClinic.PATIENT_USER_PATIENT;
    private final String b = "everything-b-" + UUID.randomUUID().toString().substring(0, 8);

    /** What the hospital sent, by patient: "Type/id". */
    private final Set<String> hospitalA = new HashSet<>();

    private final Set<String> hospitalB = new HashSet<>();
    /** The clinic's own records of patient A, and those of them the server labelled (mental-health data). */
    private final Set<String> clinicA = new HashSet<>();

    private final Set<String> labelledA = new HashSet<>();
    private String conditionA;

    @BeforeAll
    void aHospitalSendsTwoPatientsAndTheClinicRecordsOne() throws IOException {
        try {
            client().read().resource(Patient.class).withId(A).execute();
        } catch (ResourceNotFoundException absent) {
            Patient a = new Patient();
            a.setId(A);
            a.addName().setFamily("Avery").addGiven("Alex");
            client().update().resource(a).execute();
        }
        String json;
        try (InputStream in = getClass().getResourceAsStream("/hospital/us-core-patients.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{A}}", A)
                    .replace("{{B}}", b);
        }
        Bundle sent = FHIR.newJsonParser().parseResource(Bundle.class, json);
        Bundle answer = client().transaction().withBundle(sent).execute();
        for (int i = 0; i < sent.getEntry().size(); i++) {
            String stored = new IdType(answer.getEntry().get(i).getResponse().getLocation())
                    .toUnqualifiedVersionless()
                    .getValue();
            org.hl7.fhir.r4.model.Resource resource = sent.getEntry().get(i).getResource();
            boolean forA = !(resource instanceof Patient)
                    && ("Patient/" + A)
                            .equals(FHIR.newTerser().getSinglePrimitiveValueOrNull(resource, "subject.reference"));
            (forA ? hospitalA : hospitalB).add(stored);
            if (stored.startsWith("Condition/") && forA) {
                conditionA = stored;
            }
        }
        assertThat(hospitalA).hasSize(4);
        assertThat(hospitalB).hasSize(4).contains("Patient/" + b);

        ClinicFixtures clinic = new ClinicFixtures(client());
        clinicA.add(clinic.weight("Patient/" + A, 71));
        clinicA.add(clinic.decidedScreening(
                "Patient/" + A,
                Instant.now()
                        .minus(2, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.MINUTES)
                        .toString(),
                "eligible"));
        for (String id : clinicA) {
            IdType stored = new IdType(id);
            var resource = client().read()
                    .resource(stored.getResourceType())
                    .withId(stored.getIdPart())
                    .execute();
            if (resource.getMeta().getSecurity().stream().anyMatch(c -> "PSY".equals(c.getCode()))) {
                labelledA.add(id);
            }
        }
        assertThat(labelledA).as("the screening is labelled").isNotEmpty();
    }

    @Test
    void holdsWhatTheHospitalSentAndWhatTheClinicRecordedAndNothingOfAnotherPatient() {
        Set<String> everything = ids(allPages(client(), everything(client(), A)));
        assertThat(everything).contains("Patient/" + A).containsAll(hospitalA).containsAll(clinicA);
        assertThat(everything).doesNotContainAnyElementsOf(hospitalB);

        Set<String> ofB = ids(allPages(client(), everything(client(), b)));
        assertThat(ofB)
                .containsAll(hospitalB)
                .doesNotContainAnyElementsOf(hospitalA)
                .doesNotContain("Patient/" + A);
    }

    /**
     * HAPI applies {@code _type} to the patient's compartment: the answer holds the patient's resources of those types,
     * the patient, and what those resources reference (here the encounter of the condition), nothing else.
     */
    @Test
    void typeNarrowsTheCompartmentToTheTypesAsked() {
        Bundle bundle =
                allPages(client(), everything(client(), A, "_type", new StringType("Condition,MedicationRequest")));
        Set<String> ids = ids(bundle);
        assertThat(ids)
                .containsAll(hospitalA.stream()
                        .filter(id -> id.startsWith("Condition/") || id.startsWith("MedicationRequest/"))
                        .toList());
        Set<String> referenced = new HashSet<>();
        bundle.getEntry()
                .forEach(e -> FHIR.newTerser()
                        .getAllPopulatedChildElementsOfType(e.getResource(), org.hl7.fhir.r4.model.Reference.class)
                        .forEach(r -> referenced.add(r.getReferenceElement()
                                .toUnqualifiedVersionless()
                                .getValue())));
        assertThat(ids)
                .allSatisfy(id -> assertThat(id.startsWith("Condition/")
                                || id.startsWith("MedicationRequest/")
                                || id.equals("Patient/" + A)
                                || referenced.contains(id))
                        .as(id + " is of a type asked, the patient, or referenced")
                        .isTrue());
        assertThat(types(ids)).doesNotContain("Observation");
    }

    /**
     * HAPI 8.8 applies {@code _lastUpdated} only to referenced resources, and {@code start} is not HAPI's: both would
     * answer the whole record to a client asking for part of it, so both are refused with 400.
     */
    @Test
    void lastUpdatedAndStartAreRefusedRatherThanAnsweredWithTheWholeRecord() throws Exception {
        for (String parameter : List.of("_lastUpdated=gt2026-11-30T09:00:00Z", "start=2026-01-01")) {
            var answer = send("GET", "/Patient/" + A + "/$everything?" + parameter, token(), null);
            assertThat(answer.statusCode()).as(parameter).isEqualTo(400);
            assertThat(answer.body())
                    .as(parameter)
                    .contains("OperationOutcome")
                    .contains("ask for the changes with _since");
        }
    }

    /** {@code _since}: only what changed at or after it, on every page (the instant is kept with the search). */
    @Test
    void sinceHoldsOnlyWhatChangedAfterItOnEveryPage() throws Exception {
        Instant before = Instant.now();
        Thread.sleep(1_000);
        Condition condition = client().read()
                .resource(Condition.class)
                .withId(new IdType(conditionA).getIdPart())
                .execute();
        condition.getCode().setText("Changed after " + before);
        client().update().resource(condition).execute();
        String weight = new ClinicFixtures(client()).weight("Patient/" + A, 72);

        Bundle page = everything(
                        client(), A, "_since", new InstantType(Date.from(before)), "_count", new UnsignedIntType(1))
                .execute();
        assertThat(page.hasTotal())
                .as("no total: HAPI's would count the whole record")
                .isFalse();
        List<String> changed = new ArrayList<>();
        int pages = 0;
        while (page != null) {
            pages++;
            page.getEntry()
                    .forEach(e -> changed.add(e.getResource()
                            .getIdElement()
                            .toUnqualifiedVersionless()
                            .getValue()));
            page = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : client().loadPage().next(page).execute();
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(changed).containsExactlyInAnyOrder(conditionA, weight);

        Parameters posted = new Parameters();
        posted.addParameter().setName("_since").setValue(new InstantType(Date.from(before)));
        Bundle postedAnswer = client().operation()
                .onInstance(new IdType("Patient", A))
                .named("$everything")
                .withParameters(posted)
                .returnResourceType(Bundle.class)
                .execute();
        assertThat(ids(postedAnswer)).as("POSTed _since").containsExactlyInAnyOrder(conditionA, weight);
        Parameters postedLastUpdated = new Parameters();
        postedLastUpdated.addParameter().setName("_lastUpdated").setValue(new StringType("gt2026-11-30T09:00:00Z"));
        var refused = send(
                "POST",
                "/Patient/" + A + "/$everything",
                token(),
                FHIR.newJsonParser().encodeResourceToString(postedLastUpdated));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("_lastUpdated is not applied");

        for (String bad : List.of("yesterday", "2026-11-30", "2026-11-30T09:00:00")) {
            var answer = send("GET", "/Patient/" + A + "/$everything?_since=" + bad, token(), null);
            assertThat(answer.statusCode()).as(bad).isEqualTo(400);
            assertThat(answer.body()).as(bad).contains("OperationOutcome").contains("_since must be an instant");
        }
    }

    @Test
    void countPagesThroughTheSameRecordWithoutRepeats() {
        Set<String> whole = ids(allPages(client(), everything(client(), A)));
        List<String> paged = new ArrayList<>();
        Bundle page = everything(client(), A, "_count", new UnsignedIntType(3)).execute();
        int pages = 0;
        while (page != null) {
            pages++;
            assertThat(page.getEntry()).hasSizeLessThanOrEqualTo(3);
            page.getEntry()
                    .forEach(e -> paged.add(e.getResource()
                            .getIdElement()
                            .toUnqualifiedVersionless()
                            .getValue()));
            page = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : client().loadPage().next(page).execute();
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(paged).doesNotHaveDuplicates();
        assertThat(new HashSet<>(paged)).isEqualTo(whole);
    }

    @Test
    void thePatientsOwnAppSeesTheHospitalsDataButNotLabelledRecordsWithoutTheSensitiveScopeAndNeverAnotherPatient() {
        // A Task for the patient refers to them but is not in their compartment (R4): $everything finds it, and a
        // patient/ scope does not reach it, so it is left out rather than the answer refused.
        Task callBack = new Task();
        callBack.setStatus(Task.TaskStatus.REQUESTED);
        callBack.setIntent(Task.TaskIntent.ORDER);
        callBack.getCode().setText("Call the patient back");
        callBack.setFor(new Reference("Patient/" + A));
        String taskId = client().create()
                .resource(callBack)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        String token = AuthorizationCodeFlow.login(
                        origin(), TestClinic.PATIENT_USER, "launch/patient openid fhirUser patient/*.rs", Map.of())
                .json()
                .get("access_token")
                .asText();
        IGenericClient patientApp = client(token);
        // Small pages: the later pages (HAPI's _getpages links) must be allowed to the patient's token too.
        Set<String> everything = ids(allPages(patientApp, everything(patientApp, A, "_count", new UnsignedIntType(5))));
        assertThat(everything)
                .contains("Patient/" + A)
                .containsAll(hospitalA)
                .containsAll(difference(clinicA, labelledA))
                .doesNotContainAnyElementsOf(labelledA)
                .doesNotContain(taskId);

        Assertions.assertThatThrownBy(() -> everything(patientApp, b).execute())
                .isInstanceOf(ForbiddenOperationException.class);
    }

    @Test
    void aClinicianTokenGetsOnlyTheTypesItsScopesGrant() {
        var granted = AuthorizationCodeFlow.login(
                        origin(),
                        TestClinic.CLINICIAN,
                        "openid fhirUser user/Patient.rs user/Condition.rs sensitive/psy.read",
                        Map.of())
                .json();
        IGenericClient app = client(granted.get("access_token").asText());
        assertThat(granted.get("scope").asText()).contains("user/Patient.rs", "user/Condition.rs");
        Set<String> everything = ids(allPages(app, everything(app, A)));
        assertThat(everything).contains("Patient/" + A, conditionA);
        assertThat(types(everything)).isSubsetOf("Patient", "Condition");
    }

    /** {@code GET Patient/[id]/$everything} with the given parameters (name, value, name, value, ...). */
    private static IOperationUntypedWithInput<Bundle> everything(
            IGenericClient client, String patient, Object... parameters) {
        Parameters in = new Parameters();
        for (int i = 0; i < parameters.length; i += 2) {
            in.addParameter().setName((String) parameters[i]).setValue((org.hl7.fhir.r4.model.Type) parameters[i + 1]);
        }
        return client.operation()
                .onInstance(new IdType("Patient", patient))
                .named("$everything")
                .withParameters(in)
                .useHttpGet()
                .returnResourceType(Bundle.class);
    }

    /** Every page of the answer, as one bundle of entries. */
    private static Bundle allPages(IGenericClient client, IOperationUntypedWithInput<Bundle> operation) {
        Bundle page = operation.execute();
        Bundle all = new Bundle();
        while (true) {
            all.getEntry().addAll(page.getEntry());
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                return all;
            }
            page = client.loadPage().next(page).execute();
        }
    }

    private static Set<String> ids(Bundle bundle) {
        Set<String> ids = new HashSet<>();
        bundle.getEntry()
                .forEach(e -> ids.add(e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue()));
        return ids;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new HashSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static Set<String> types(Set<String> ids) {
        Set<String> types = new HashSet<>();
        ids.forEach(id -> types.add(id.substring(0, id.indexOf('/'))));
        return types;
    }
}
