package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.TestDatabases;

/**
 * A patient's token against another patient's record: the patient user of patient A, holding
 * {@code patient/*.cruds} and the sensitive-data scope, tries every request form a client has (reads, searches with and
 * without {@code patient=}, includes, {@code _has}, chains, compartments, histories, paging links, batches,
 * transactions, conditional writes, PATCH, {@code $validate}, {@code $everything} and the clinical operations) on
 * patient B. No resource of B appears in any answer, no write lands, and every refusal is in the audit trail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossPatientMatrixIT extends FhirServerTestBase {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final String A = TestClinic.PATIENT_USER_PATIENT;
    private static final String B = "matrix-b";

    private final String secret = "B-SECRET-" + UUID.randomUUID();
    private final Set<String> bIds = new HashSet<>();
    private String bObservation;
    private String bObservation2;
    private String bIdentifier;
    private String bSession;
    private String aObservation;
    private String tokenA;

    private record Answer(String form, int status, String body) {}

    @BeforeAll
    void twoPatientsAndATokenForTheFirst() {
        Patient a = new Patient();
        a.setId(A);
        a.addName().setFamily("Avery").addGiven("Alex");
        client().update().resource(a).execute();
        Patient b = ClinicFixtures.example("Patient", "patient-iv", Patient.class);
        b.setId(B);
        b.getNameFirstRep().setFamily("Bishop").getGiven().clear();
        b.getNameFirstRep().addGiven(secret);
        b.getIdentifierFirstRep().setValue("MRN-" + UUID.randomUUID());
        client().update().resource(b).execute();
        bIds.add("Patient/" + B);

        bIdentifier = "obs-" + UUID.randomUUID();
        bObservation = create(heartRate("Patient/" + B, 77, bIdentifier, secret));
        bObservation2 = create(heartRate("Patient/" + B, 78, "obs-" + UUID.randomUUID(), secret));
        Condition condition = new Condition();
        condition.setSubject(new Reference("Patient/" + B));
        condition.setCode(new CodeableConcept().setText("Depression " + secret));
        bIds.add(create(condition));
        aObservation = create(heartRate("Patient/" + A, 66, "obs-" + UUID.randomUUID(), "A's own"));
        create(heartRate("Patient/" + A, 67, "obs-" + UUID.randomUUID(), "A's own"));

        ClinicFixtures clinic = new ClinicFixtures(client());
        Instant start = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        bIds.add(clinic.weight("Patient/" + B, 70));
        bIds.add(clinic.decidedScreening(
                "Patient/" + B, start.minus(3, ChronoUnit.DAYS).toString(), "eligible"));
        String plan = clinic.plan("Patient/" + B);
        bIds.add(plan);
        String encounter = clinic.encounter("Patient/" + B, start, start.plus(2, ChronoUnit.HOURS));
        bIds.add(encounter);
        MedicationAdministration session =
                clinic.ivSession("Patient/" + B, plan, encounter, start, new BigDecimal("0.5"));
        bSession = clinic.create(session);
        bIds.add(bSession);

        tokenA = AuthorizationCodeFlow.login(
                        origin(),
                        TestClinic.PATIENT_USER,
                        "launch/patient openid fhirUser patient/*.cruds sensitive/psy.read",
                        Map.of())
                .json()
                .get("access_token")
                .asText();
    }

    @Test
    void noFormReachesTheOtherPatient() throws Exception {
        String bObs = bObservation.substring("Observation/".length());
        String pagingLink = pagingLinkOfAnotherToken();
        Map<String, Request> forms = new LinkedHashMap<>();
        forms.put("read Patient/B", get("/Patient/" + B));
        forms.put("vread Patient/B", get("/Patient/" + B + "/_history/1"));
        forms.put("read B's Observation", get("/" + bObservation));
        forms.put("vread B's Observation", get("/" + bObservation + "/_history/1"));
        forms.put("search patient=B", get("/Observation?patient=" + B));
        forms.put("search patient=Patient/B", get("/Observation?patient=Patient/" + B));
        forms.put("search subject=Patient/B", get("/Observation?subject=Patient/" + B));
        forms.put("search subject:Patient=B", get("/Observation?subject:Patient=" + B));
        forms.put("search patient=A,B", get("/Observation?patient=" + A + "," + B));
        forms.put("search without patient", get("/Observation"));
        forms.put("search _id of B's Observation", get("/Observation?_id=" + bObs));
        forms.put("search Patient _id=B", get("/Patient?_id=" + B));
        forms.put("search Patient by B's name", get("/Patient?family=Bishop"));
        forms.put("search Patient by B's identifier", get("/Patient?identifier=MRN"));
        forms.put("_include subject for B", get("/Observation?patient=" + B + "&_include=Observation:subject"));
        forms.put("_include without patient", get("/Observation?_include=Observation:subject"));
        forms.put("_revinclude on Patient B", get("/Patient?_id=" + B + "&_revinclude=Observation:subject"));
        forms.put(
                "_revinclude without _id",
                get("/Patient?_revinclude=Observation:subject&_revinclude=Condition:subject"));
        forms.put("_has on Observation", get("/Patient?_has:Observation:subject:identifier=" + bIdentifier));
        forms.put("chained subject.family", get("/Observation?subject.family=Bishop"));
        forms.put("chained subject:Patient.given", get("/Observation?subject:Patient.family=Bishop"));
        forms.put("compartment Patient/B/Observation", get("/Patient/" + B + "/Observation"));
        forms.put("instance history Patient/B", get("/Patient/" + B + "/_history"));
        forms.put("instance history of B's Observation", get("/" + bObservation + "/_history"));
        forms.put("type history Observation", get("/Observation/_history"));
        forms.put("system history", get("/_history"));
        forms.put("system search", get("?_type=Observation,Patient"));
        forms.put(
                "paging link of another token",
                get(pagingLink.substring(fhirBase().length())));
        forms.put("count B's observations", get("/Observation?patient=" + B + "&_summary=count"));
        forms.put(
                "POST _search for B",
                post("/Observation/_search", "patient=" + B, "application/x-www-form-urlencoded"));
        forms.put("DetectedIssue of B", get("/DetectedIssue?patient=" + B));
        forms.put("AuditEvent of B", get("/AuditEvent?patient=" + B));
        forms.put("batch GET read", post("", batch("GET", "Patient/" + B, null), "application/fhir+json"));
        forms.put(
                "batch GET search", post("", batch("GET", "Observation?patient=" + B, null), "application/fhir+json"));
        forms.put(
                "batch GET search without patient",
                post("", batch("GET", "Observation?code=8867-4", null), "application/fhir+json"));
        forms.put(
                "batch POST for B",
                post(
                        "",
                        batch("POST", "Observation", heartRate("Patient/" + B, 90, "x", "new")),
                        "application/fhir+json"));
        forms.put(
                "transaction PUT B's Observation",
                post("", transaction("PUT", bObservation, changed(bObservation)), "application/fhir+json"));
        forms.put(
                "transaction DELETE B's Observation",
                post("", transaction("DELETE", bObservation, null), "application/fhir+json"));
        forms.put(
                "create for B",
                post("/Observation", json(heartRate("Patient/" + B, 91, "y", "new")), "application/fhir+json"));
        forms.put(
                "conditional create matching B's",
                withHeader(
                        post(
                                "/Observation",
                                json(heartRate("Patient/" + B, 92, bIdentifier, "new")),
                                "application/fhir+json"),
                        "If-None-Exist",
                        "identifier=" + bIdentifier));
        forms.put(
                "conditional update of B's",
                put(
                        "/Observation?identifier=" + bIdentifier,
                        json(heartRate("Patient/" + A, 93, bIdentifier, "mine"))));
        forms.put("update B's Observation", put("/" + bObservation, json(changed(bObservation))));
        forms.put(
                "update moving A's Observation to B",
                put("/" + aObservation, json(moved(aObservation, "Patient/" + B))));
        forms.put("PATCH B's Observation", patch("/" + bObservation));
        forms.put("delete B's Observation", delete("/" + bObservation));
        forms.put("conditional delete of B's", delete("/Observation?identifier=" + bIdentifier));
        forms.put("delete Patient/B", delete("/Patient/" + B));
        forms.put(
                "$validate B's Observation",
                post("/" + bObservation + "/$validate", json(new Parameters()), "application/fhir+json"));
        forms.put("$everything of B", get("/Patient/" + B + "/$everything"));
        forms.put("$everything of all patients", get("/Patient/$everything"));
        forms.put("$ketamine-progress of B", get("/Patient/" + B + "/$ketamine-progress"));
        forms.put(
                "$ketamine-eligibility of B",
                post("/Patient/" + B + "/$ketamine-eligibility", json(new Parameters()), "application/fhir+json"));
        forms.put(
                "$ketamine-plan of B",
                post("/Patient/" + B + "/$ketamine-plan", json(planParameters()), "application/fhir+json"));
        forms.put("$rems-summary of B's session", get("/" + bSession + "/$rems-summary"));
        Parameters populateB = new Parameters();
        populateB.addParameter().setName("subject").setValue(new org.hl7.fhir.r4.model.Reference("Patient/" + B));
        populateB
                .addParameter()
                .setName("context")
                .addPart(new Parameters.ParametersParameterComponent()
                        .setName("name")
                        .setValue(new org.hl7.fhir.r4.model.StringType("session")))
                .addPart(new Parameters.ParametersParameterComponent()
                        .setName("content")
                        .setValue(new org.hl7.fhir.r4.model.Reference(bSession)));
        forms.put(
                "$populate of B's session",
                post("/Questionnaire/spravato-rems-monitoring/$populate", json(populateB), "application/fhir+json"));
        forms.put("$meta of B", get("/Patient/" + B + "/$meta"));
        forms.put(
                "$meta-delete on B",
                post("/Patient/" + B + "/$meta-delete", json(new Parameters()), "application/fhir+json"));
        assertThat(forms).hasSizeGreaterThanOrEqualTo(30);

        Map<String, Integer> bVersions = versionsOfB();
        int bObservationsBefore = observationsOf(B);
        List<Answer> answers = new ArrayList<>();
        for (Map.Entry<String, Request> form : forms.entrySet()) {
            String requestId = "matrix-" + UUID.randomUUID();
            HttpResponse<String> response =
                    http.send(form.getValue().build(tokenA, requestId), HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(form.getKey(), response.statusCode(), response.body());
            answers.add(answer);
            System.out.printf("matrix: %-45s %d%n", form.getKey(), response.statusCode());

            assertThat(response.statusCode())
                    .as(form.getKey() + ": " + response.body())
                    .isLessThan(500);
            assertThat(response.body()).as(form.getKey() + " leaks B's data").doesNotContain(secret);
            assertThat(resourcesIn(response.body()))
                    .as(form.getKey() + " shows a resource of B")
                    .noneMatch(bIds::contains);
            if (response.statusCode() >= 400 || hasRefusedEntries(response.body())) {
                assertThat(auditOutcome(requestId))
                        .as(form.getKey() + " refusal audited")
                        .isEqualTo("4");
            } else {
                assertThat(auditOutcome(requestId))
                        .as(form.getKey() + " audited")
                        .isEqualTo("0");
            }
        }

        assertThat(versionsOfB()).as("no write landed on B's record").isEqualTo(bVersions);
        assertThat(observationsOf(B)).as("no Observation added to B").isEqualTo(bObservationsBefore);
        long refused = answers.stream()
                .filter(a -> a.status() >= 400 || hasRefusedEntries(a.body()))
                .count();
        assertThat(refused).as("most forms are refused outright").isGreaterThanOrEqualTo(30);
    }

    @Test
    void searchesWithoutPatientAreNarrowedToTheTokensPatientAndCountOnlyThem() throws Exception {
        HttpResponse<String> all = http.send(
                get("/Observation?_total=accurate").build(tokenA, "narrow-1"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> count = http.send(
                get("/Observation?_summary=count").build(tokenA, "narrow-2"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> patients =
                http.send(get("/Patient").build(tokenA, "narrow-3"), HttpResponse.BodyHandlers.ofString());

        assertThat(all.statusCode()).isEqualTo(200);
        Bundle observations = FHIR.newJsonParser().parseResource(Bundle.class, all.body());
        int aObservationCount = observationsOf(A);
        assertThat(aObservationCount).isGreaterThanOrEqualTo(2);
        assertThat(observations.getTotal()).isEqualTo(aObservationCount);
        assertThat(observations.getEntry())
                .allSatisfy(e -> assertThat(
                                ((Observation) e.getResource()).getSubject().getReference())
                        .isEqualTo("Patient/" + A));
        assertThat(FHIR.newJsonParser()
                        .parseResource(Bundle.class, count.body())
                        .getTotal())
                .isEqualTo(aObservationCount);
        Bundle onlyA = FHIR.newJsonParser().parseResource(Bundle.class, patients.body());
        assertThat(onlyA.getEntry())
                .extracting(e -> e.getResource().getIdElement().getIdPart())
                .containsExactly(A);
    }

    @Test
    void theTokensOwnPatientIsReadableAndWritable() throws Exception {
        HttpResponse<String> read =
                http.send(get("/" + aObservation).build(tokenA, "own-1"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> history = http.send(
                get("/" + aObservation + "/_history").build(tokenA, "own-2"), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> created = http.send(
                post(
                                "/Observation",
                                json(heartRate("Patient/" + A, 70, "own-" + UUID.randomUUID(), "mine")),
                                "application/fhir+json")
                        .build(tokenA, "own-3"),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> batchRead = http.send(
                post("", batch("GET", aObservation, null), "application/fhir+json")
                        .build(tokenA, "own-4"),
                HttpResponse.BodyHandlers.ofString());

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(batchRead.statusCode()).as(batchRead.body()).isEqualTo(200);
        Bundle batch = FHIR.newJsonParser().parseResource(Bundle.class, batchRead.body());
        assertThat(batch.getEntryFirstRep().getResponse().getStatus()).startsWith("200");
        assertThat(batch.getEntryFirstRep().getResource()).isInstanceOf(Observation.class);
    }

    // ----- requests -----------------------------------------------------------------------------------------------

    private interface Request {
        HttpRequest build(String token, String requestId);
    }

    private Request get(String path) {
        return (token, id) -> base(path, token, id).GET().build();
    }

    private Request delete(String path) {
        return (token, id) -> base(path, token, id).DELETE().build();
    }

    private Request put(String path, String body) {
        return (token, id) -> base(path, token, id)
                .header("Content-Type", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private Request post(String path, String body, String contentType) {
        return (token, id) -> base(path, token, id)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private Request patch(String path) {
        String jsonPatch = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]";
        return (token, id) -> base(path, token, id)
                .header("Content-Type", "application/json-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(jsonPatch))
                .build();
    }

    private static Request withHeader(Request request, String name, String value) {
        return (token, id) -> HttpRequest.newBuilder(request.build(token, id), (n, v) -> true)
                .header(name, value)
                .build();
    }

    private HttpRequest.Builder base(String path, String token, String requestId) {
        return HttpRequest.newBuilder(URI.create(fhirBase() + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/fhir+json")
                .header("X-Request-Id", requestId);
    }

    private String batch(String method, String url, Resource resource) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
        Bundle.BundleEntryComponent entry = bundle.addEntry();
        entry.getRequest().setMethod(Bundle.HTTPVerb.fromCode(method)).setUrl(url);
        entry.setResource(resource);
        return json(bundle);
    }

    private String transaction(String method, String url, Resource resource) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Bundle.BundleEntryComponent entry = bundle.addEntry();
        entry.getRequest().setMethod(Bundle.HTTPVerb.fromCode(method)).setUrl(url);
        if (resource != null) {
            entry.setResource(resource).setFullUrl(fhirBase() + "/" + url);
        }
        return json(bundle);
    }

    private Observation changed(String id) {
        Observation observation =
                client().read().resource(Observation.class).withId(id).execute();
        observation.setValue(new Quantity()
                .setValue(1)
                .setUnit("/min")
                .setSystem("http://unitsofmeasure.org")
                .setCode("/min"));
        observation.getMeta().setVersionId(null);
        return observation;
    }

    private Observation moved(String id, String patient) {
        Observation observation =
                client().read().resource(Observation.class).withId(id).execute();
        observation.setSubject(new Reference(patient));
        observation.getMeta().setVersionId(null);
        return observation;
    }

    private static Parameters planParameters() {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("start").setValue(new org.hl7.fhir.r4.model.DateType("2027-01-04"));
        parameters.addParameter().setName("protocol").setValue(new org.hl7.fhir.r4.model.CodeType("iv-racemic"));
        return parameters;
    }

    private String pagingLinkOfAnotherToken() {
        Bundle page = client().search()
                .byUrl("Observation?subject=Patient/" + B + "&_count=1")
                .returnBundle(Bundle.class)
                .cacheControl(new ca.uhn.fhir.rest.api.CacheControlDirective().setNoCache(true))
                .execute();
        assertThat(page.getLink("next"))
                .as("B has two observations: a second page")
                .isNotNull();
        return page.getLink("next").getUrl();
    }

    private static Observation heartRate(String patient, int bpm, String identifier, String note) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation
                .addIdentifier()
                .setSystem("urn:ietf:rfc:3986")
                .setValue("urn:uuid:" + UUID.randomUUID())
                .setUse(null);
        observation.addIdentifier().setValue(identifier);
        observation.addCategory(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", null)));
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
        observation.setSubject(new Reference(patient));
        observation.setEffective(new DateTimeType("2026-11-01T10:00:00Z"));
        observation.setValue(new Quantity()
                .setValue(bpm)
                .setUnit("/min")
                .setSystem("http://unitsofmeasure.org")
                .setCode("/min"));
        observation.addNote().setText(note);
        return observation;
    }

    private String create(Resource resource) {
        String id = client().create()
                .resource(resource)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        if (resource instanceof Observation o && o.getSubject().getReference().equals("Patient/" + B)) {
            bIds.add(id);
        }
        return id;
    }

    private int observationsOf(String patient) {
        Bundle found = client().search()
                .byUrl("Observation?subject=Patient/" + patient + "&_summary=count")
                .returnBundle(Bundle.class)
                .cacheControl(new ca.uhn.fhir.rest.api.CacheControlDirective().setNoCache(true))
                .execute();
        return found.getTotal();
    }

    private static boolean hasRefusedEntries(String body) {
        if (body == null || !body.contains("\"batch-response\"")) {
            return false;
        }
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, body);
        return bundle.getEntry().stream()
                .anyMatch(e -> e.getResponse().getStatus().startsWith("4"));
    }

    private Map<String, Integer> versionsOfB() {
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (String id : bIds) {
            String type = id.substring(0, id.indexOf('/'));
            IBaseResource resource = client().read()
                    .resource(type)
                    .withId(id.substring(id.indexOf('/') + 1))
                    .execute();
            versions.put(id, Integer.parseInt(resource.getMeta().getVersionId()));
        }
        return versions;
    }

    /** Every resource in an answer (bundle entries, Parameters parts, nested bundles), as Type/id. */
    private static Set<String> resourcesIn(String body) {
        Set<String> found = new HashSet<>();
        if (body == null || !body.trim().startsWith("{")) {
            return found;
        }
        IBaseResource parsed;
        try {
            parsed = FHIR.newJsonParser().parseResource(body);
        } catch (RuntimeException notFhir) {
            return found;
        }
        for (IBaseResource resource :
                FHIR.newTerser().getAllPopulatedChildElementsOfType(parsed, IBaseResource.class)) {
            if (resource.getIdElement().hasIdPart() && resource.getIdElement().hasResourceType()) {
                found.add(resource.getIdElement().getResourceType() + "/"
                        + resource.getIdElement().getIdPart());
            }
        }
        if (parsed.getIdElement().hasIdPart()) {
            found.add(FHIR.getResourceType(parsed) + "/" + parsed.getIdElement().getIdPart());
        }
        return found;
    }

    private static String auditOutcome(String requestId) throws Exception {
        try (Connection connection = TestDatabases.shared().connect();
                PreparedStatement query =
                        connection.prepareStatement("SELECT outcome FROM ket_audit_event WHERE resource LIKE ?")) {
            query.setString(1, "%" + requestId + "%");
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String json(IBaseResource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }
}
