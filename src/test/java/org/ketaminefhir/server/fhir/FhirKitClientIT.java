package org.ketaminefhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;
import org.ketaminefhir.server.support.NodeHarness;
import org.ketaminefhir.server.support.TestClinic;

/**
 * The server as an integrator's client sees it: {@code fhir-kit-client} (npm, pinned in {@code src/test/fhir-kit})
 * discovers the SMART endpoints and the CapabilityStatement, gets a SMART Backend Services token with a client
 * assertion that {@code jose} signs (ES384, the key this JVM registered for {@link TestClinic#BACKEND_ES}), sends a
 * transaction, reads, searches page by page following {@code next}, and calls {@code $everything} and
 * {@code $ketamine-progress}. The Node script runs once; each test asserts on one of its steps.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FhirKitClientIT extends FhirServerTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PATIENTS = 5;
    private static final int PAGE_SIZE = 2;

    private final String identifierSystem = "urn:uuid:" + UUID.randomUUID();
    private JsonNode steps;

    @BeforeAll
    void runTheIndependentClient() throws Exception {
        NodeHarness harness = new NodeHarness("fhir-kit", "client.mjs");
        harness.assertInstalled("fhir-kit-client", "jose");
        // $ketamine-progress answers on the IG's example journey (Patient/patient-iv and its scores).
        client().transaction().withBundle(IgExamples.journeyTransaction(FHIR)).execute();

        ObjectNode input = JSON.createObjectNode();
        input.put("fhirBase", fhirBase());
        input.put("clientId", TestClinic.BACKEND_ES);
        input.set("privateJwk", JSON.readTree(TestClinic.BACKEND_ES_KEY.toJSONString()));
        input.put("scope", "system/*.cruds sensitive/psy.read");
        input.set("transaction", JSON.readTree(FHIR.newJsonParser().encodeResourceToString(transaction())));
        input.put("searchIdentifierSystem", identifierSystem);
        input.put("pageSize", PAGE_SIZE);
        input.put("progressPatient", "patient-iv");
        steps = harness.run(input);
        System.out.println("fhir-kit-client steps: " + steps.toPrettyString());
    }

    /** Five patients of the clinic (urn:uuid fullUrls) and a body weight of the first one, referring to it by urn:uuid. */
    private Bundle transaction() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String first = null;
        for (int i = 1; i <= PATIENTS; i++) {
            Patient patient = ClinicFixtures.example("Patient", "patient-iv", Patient.class);
            patient.getIdentifierFirstRep().setValue("FK-" + UUID.randomUUID());
            patient.addIdentifier().setSystem(identifierSystem).setValue(String.valueOf(i));
            patient.getNameFirstRep().setFamily("Kit-" + i);
            String fullUrl = "urn:uuid:" + UUID.randomUUID();
            first = first == null ? fullUrl : first;
            bundle.addEntry()
                    .setFullUrl(fullUrl)
                    .setResource(patient)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Patient");
        }
        Observation weight = ClinicFixtures.example("Observation", "iv-baseline-weight", Observation.class);
        weight.setSubject(new Reference(first));
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(weight)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Observation");
        return bundle;
    }

    private JsonNode step(String name) {
        JsonNode step = steps.path(name);
        assertThat(step.isObject()).as("step " + name + " ran").isTrue();
        assertThat(step.has("failed")).as("step " + name + ": " + step).isFalse();
        return step;
    }

    @Test
    void smartDiscoveryFindsTheTokenEndpoint() {
        assertThat(step("smartAuthMetadata").path("tokenUrl").asText()).isEqualTo(origin() + "/oauth2/token");
    }

    @Test
    void theCapabilityStatementDescribesAnR4ServerWithSmartSecurity() {
        JsonNode capability = step("capabilityStatement");
        assertThat(capability.path("resourceType").asText()).isEqualTo("CapabilityStatement");
        assertThat(capability.path("fhirVersion").asText()).isEqualTo("4.0.1");
        assertThat(texts(capability.path("formats"))).anyMatch(f -> f.contains("json"));
        assertThat(texts(capability.path("resourceTypes")))
                .contains("Patient", "Observation", "MedicationAdministration", "CarePlan");
        assertThat(texts(capability.path("patientInteractions"))).contains("read", "search-type", "create");
        assertThat(texts(capability.path("patientOperations"))).contains("everything", "ketamine-progress");
        assertThat(texts(capability.path("systemInteractions"))).contains("transaction");
        assertThat(texts(capability.path("securityServices"))).contains("SMART-on-FHIR");
        assertThat(capability.path("oauthToken").asText()).isEqualTo(origin() + "/oauth2/token");
    }

    @Test
    void aJoseSignedClientAssertionGetsABackendServicesToken() {
        JsonNode token = step("token");
        assertThat(token.path("status").asInt()).as(token.toString()).isEqualTo(200);
        assertThat(token.path("contentType").asText()).startsWith("application/json");
        assertThat(token.path("tokenType").asText()).isEqualToIgnoringCase("bearer");
        assertThat(token.path("hasAccessToken").asBoolean()).isTrue();
        assertThat(token.path("expiresIn").asInt()).isPositive();
        assertThat(token.path("scope").asText().split(" ")).contains("system/*.cruds", "sensitive/psy.read");
    }

    @Test
    void anAssertionSignedWithAnUnregisteredKeyIsAnInvalidClient() {
        JsonNode refused = step("tokenWithAnUnknownKey");
        assertThat(refused.path("hasAccessToken").asBoolean()).isFalse();
        assertThat(refused.path("status").asInt()).as(refused.toString()).isIn(400, 401);
        assertThat(refused.path("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void withoutATokenAReadIsRefused() {
        JsonNode read = steps.path("readWithoutToken");
        assertThat(read.path("status").asInt()).as(read.toString()).isEqualTo(401);
    }

    @Test
    void theTransactionCreatesEveryEntryAndResolvesTheUrnReferences() throws Exception {
        JsonNode transaction = step("transaction");
        assertThat(transaction.path("type").asText()).isEqualTo("transaction-response");
        assertThat(texts(transaction.path("statuses"))).hasSize(PATIENTS + 1).allMatch(s -> s.startsWith("201"));
        List<String> locations = texts(transaction.path("locations"));
        String patient = locations.get(0).replaceFirst("/_history/.*", "");
        String observation = locations.get(PATIENTS).replaceFirst("/_history/.*", "");
        assertThat(client().read()
                        .resource(Observation.class)
                        .withId(observation)
                        .execute()
                        .getSubject()
                        .getReference())
                .isEqualTo(patient);
    }

    @Test
    void aReadReturnsWhatTheTransactionCreated() {
        JsonNode read = step("read");
        assertThat(read.path("resourceType").asText()).isEqualTo("Patient");
        assertThat(read.path("family").asText()).isEqualTo("Kit-1");
    }

    @Test
    void followingNextVisitsEveryMatchOnceAndEnds() {
        List<JsonNode> pages = new ArrayList<>();
        step("searchPaged").path("pages").forEach(pages::add);
        List<String> ids = new ArrayList<>();
        pages.forEach(page -> ids.addAll(texts(page.path("ids"))));

        assertThat(pages).as("5 matches in pages of 2").hasSize(3);
        assertThat(pages)
                .allSatisfy(page -> assertThat(page.path("type").asText()).isEqualTo("searchset"));
        assertThat(ids).hasSize(PATIENTS).doesNotHaveDuplicates();
        assertThat(ids)
                .containsExactlyInAnyOrderElementsOf(texts(step("transaction").path("locations")).stream()
                        .limit(PATIENTS)
                        .map(l -> l.replaceFirst("/_history/.*", ""))
                        .toList());
        assertThat(texts(pages.get(0).path("relations"))).contains("self", "next");
        assertThat(texts(pages.get(pages.size() - 1).path("relations"))).doesNotContain("next");
    }

    @Test
    void everythingReturnsThePatientAndItsObservation() {
        JsonNode everything = step("everything");
        assertThat(everything.path("resourceType").asText()).isEqualTo("Bundle");
        assertThat(everything.path("type").asText()).isEqualTo("searchset");
        List<String> locations = texts(step("transaction").path("locations"));
        assertThat(texts(everything.path("resources")))
                .contains(
                        locations.get(0).replaceFirst("/_history/.*", ""),
                        locations.get(PATIENTS).replaceFirst("/_history/.*", ""));
    }

    @Test
    void theProgressOperationAnswersWithParameters() {
        JsonNode progress = step("progress");
        assertThat(progress.path("resourceType").asText()).isEqualTo("Parameters");
        assertThat(texts(progress.path("parameters"))).contains("patient", "instrument", "sessionsCompleted");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
