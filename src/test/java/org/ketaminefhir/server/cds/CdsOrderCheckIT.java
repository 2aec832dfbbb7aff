package org.ketaminefhir.server.cds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.ig.KetamineProducts;
import org.ketaminefhir.server.support.CdsClients;
import org.ketaminefhir.server.support.CdsResponses;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * The CDS Hooks order check over HTTP, called as an EHR calls it: the JSON of the CDS Hooks 2.0 order-sign example
 * with draft MedicationRequests of ketamine or esketamine, signed with the EHR's JWT. Each refusal the server would
 * make on the session gives its card; an eligible patient gets no critical card.
 */
class CdsOrderCheckIT extends FhirServerTestBase {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant SCREENED = Instant.parse("2026-01-02T11:00:00Z");
    private static final Instant MONDAY = Instant.parse("2026-01-05T09:00:00Z");
    static final String IV = "47625008";
    static final String NASAL = "46713006";
    /** Every answer this class receives, checked against the CDS Hooks JSON schemas when it ends. */
    private static final CdsResponses RESPONSES = new CdsResponses("CdsOrderCheckIT");

    @AfterAll
    static void everyAnswerFollowsTheCdsHooksSchemas() {
        RESPONSES.assertAllConform();
    }

    /** A patient of the clinic with a screening decided as {@code outcome} (80 kg) on SCREENED. */
    private String patientScreened(String outcome) {
        ClinicFixtures fixtures = new ClinicFixtures(client());
        String patient = fixtures.patient();
        fixtures.decidedScreening(patient, SCREENED.toString(), outcome);
        return patient;
    }

    // ---- the EHR's side

    String serviceUrl(String service) {
        return origin() + "/cds-services/" + service;
    }

    static MedicationRequest racemicOrder(String patient, Instant start, String dose, String unit, String route) {
        MedicationAdministration example =
                ClinicFixtures.example("MedicationAdministration", "iv-session-1", MedicationAdministration.class);
        return order(patient, KetamineProducts.containedMedication(example).getCode(), start, dose, unit, route);
    }

    static MedicationRequest esketamineOrder(String patient, Instant start, String mg, String route) {
        MedicationAdministration example =
                ClinicFixtures.example("MedicationAdministration", "esk-session-1", MedicationAdministration.class);
        return order(patient, KetamineProducts.containedMedication(example).getCode(), start, mg, "mg", route);
    }

    static MedicationRequest order(
            String patient, CodeableConcept product, Instant start, String dose, String unit, String route) {
        MedicationRequest order = new MedicationRequest();
        order.setId("draft-" + UUID.randomUUID().toString().substring(0, 8));
        order.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
        order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setMedication(product.copy());
        order.setSubject(new Reference(patient));
        order.setAuthoredOn(new Date());
        Dosage dosage = order.addDosageInstruction();
        dosage.setRoute(new CodeableConcept(new Coding("http://snomed.info/sct", route, null)));
        if (start != null) {
            dosage.setTiming(new Timing()
                    .setRepeat(new Timing.TimingRepeatComponent().setBounds(new Period().setStart(Date.from(start)))));
        }
        dosage.addDoseAndRate()
                .setDose(new Quantity()
                        .setValue(new BigDecimal(dose))
                        .setSystem("http://unitsofmeasure.org")
                        .setCode(unit)
                        .setUnit(unit));
        return order;
    }

    /** The order-sign request of the CDS Hooks 2.0 example, for these draft orders of the patient. */
    ObjectNode orderSign(String patient, Resource... orders) {
        Bundle draftOrders = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource order : orders) {
            draftOrders.addEntry().setResource(order);
        }
        ObjectNode request = JSON.createObjectNode();
        request.put("hookInstance", UUID.randomUUID().toString());
        request.put("hook", "order-sign");
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/example");
        context.put("patientId", patient.replace("Patient/", ""));
        context.set("draftOrders", fhirJson(draftOrders));
        return request;
    }

    /** The same, with this server as the EHR's fhirServer (nothing prefetched: the service reads its own store). */
    ObjectNode orderSignHere(String patient, Resource... orders) {
        ObjectNode request = orderSign(patient, orders);
        request.put("fhirServer", fhirBase());
        return request;
    }

    static JsonNode fhirJson(Resource resource) {
        try {
            return JSON.readTree(FHIR.newJsonParser().encodeResourceToString(resource));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> call(String service, String body, String jwt) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serviceUrl(service)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (jwt != null) {
            request.header("Authorization", "Bearer " + jwt);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        RESPONSES.received(CdsResponses.Kind.SERVICE, service, response);
        return response;
    }

    /** Calls ketamine-order-check as the trusted EHR and returns its cards (asserting a 200). */
    List<JsonNode> cards(ObjectNode request) throws Exception {
        HttpResponse<String> response = call(
                KetamineOrderCheck.ORDER_SIGN_SERVICE,
                request.toString(),
                CdsClients.jwt(serviceUrl(KetamineOrderCheck.ORDER_SIGN_SERVICE)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> cards = new ArrayList<>();
        JSON.readTree(response.body()).path("cards").forEach(cards::add);
        return cards;
    }

    /** Keeps a real exchange in target/cds-examples, where the examples in docs/exchange.md were taken from. */
    private static void example(String name, JsonNode json) throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "cds-examples");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.writeString(
                dir.resolve(name), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
    }

    static JsonNode card(List<JsonNode> cards, String rule) {
        return cards.stream()
                .filter(c -> c.path("detail").asText().startsWith("Rule " + rule + ":"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no card for " + rule + " among " + cards));
    }

    static List<String> rules(List<JsonNode> cards) {
        return cards.stream()
                .map(c -> c.path("detail").asText().replaceFirst("^Rule ([A-Z0-9-]+):[\\s\\S]*", "$1"))
                .toList();
    }

    // ---- discovery

    @Test
    void discoveryIsPublicAndDescribesTheServiceAndItsPrefetch() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(origin() + "/cds-services")).build(),
                HttpResponse.BodyHandlers.ofString());
        RESPONSES.received(CdsResponses.Kind.DISCOVERY, "discovery", response);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode services = JSON.readTree(response.body()).path("services");
        JsonNode check = null;
        for (JsonNode service : services) {
            if (service.path("id").asText().equals("ketamine-order-check")) {
                check = service;
            }
        }
        assertThat(check).as(response.body()).isNotNull();
        assertThat(check.path("hook").asText()).isEqualTo("order-sign");
        assertThat(check.path("prefetch").path("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
        assertThat(check.path("prefetch").path("screenings").asText()).contains("ketamine-screening");
        assertThat(check.path("prefetch").path("bodyMeasurements").asText()).contains("29463-7");
        assertThat(check.path("prefetch").path("sessions").asText()).startsWith("MedicationAdministration?patient=");
        assertThat(services.findValuesAsText("hook")).contains("order-select");
    }

    // ---- the rules, each giving its card

    @Test
    void anEligiblePatientsOrderGetsNoCriticalCard() throws Exception {
        String patient = patientScreened("eligible");

        List<JsonNode> cards = cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV)));

        assertThat(cards).as("no card at all for a clean order").isEmpty();
        // mg: 40 mg on the 80 kg recorded is 0.5 mg/kg
        assertThat(cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "40", "mg", IV))))
                .isEmpty();
    }

    @Test
    void withoutAnEligibleScreeningTheOrderGetsACriticalCard() throws Exception {
        String patient = new ClinicFixtures(client()).patient();

        List<JsonNode> cards = cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV)));

        JsonNode card = card(cards, "SESSION-ELIGIBLE-SCREENING");
        assertThat(card.path("indicator").asText()).isEqualTo("critical");
        assertThat(card.path("summary").asText()).isEqualTo("No current eligible ketamine screening");
        assertThat(card.path("detail").asText()).contains("at most 90 days old");
        assertThat(card.path("source").path("label").asText()).isEqualTo("Ketamine clinic safety rules");
        assertThat(card.path("links").get(0).path("type").asText()).isEqualTo("smart");
        assertThat(card.path("links").get(0).path("url").asText()).isEqualTo(origin() + "/dashboard/");
        assertThat(card.path("uuid").asText()).isNotBlank();
    }

    @Test
    void aDeferredPatientGetsTheBloodPressureCardWithItsThresholdButNotTheReading() throws Exception {
        String patient = patientScreened("deferred"); // 150/95
        ObjectNode request = orderSignHere(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV));

        List<JsonNode> cards = cards(request);
        example("order-sign-request.json", request);
        example("order-sign-response.json", JSON.createObjectNode().set("cards", JSON.valueToTree(cards)));

        assertThat(rules(cards)).containsExactlyInAnyOrder("SESSION-ELIGIBLE-SCREENING", "ELIG-PREDOSE-BP");
        JsonNode bp = card(cards, "ELIG-PREDOSE-BP");
        assertThat(bp.path("indicator").asText()).isEqualTo("critical");
        assertThat(bp.path("detail").asText())
                .contains("above 140/90 mmHg")
                .doesNotContain("150")
                .doesNotContain("95");
        JsonNode screening = card(cards, "SESSION-ELIGIBLE-SCREENING");
        assertThat(screening.path("links").get(1).path("url").asText()).startsWith(fhirBase() + "/Observation/");
    }

    @Test
    void anAbsoluteContraindicationIsCritical() throws Exception {
        String patient = patientScreened("not-eligible"); // aneurysmal vascular disease

        List<JsonNode> cards = cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV)));

        assertThat(card(cards, "ELIG-ABSOLUTE-CONTRAINDICATION")
                        .path("indicator")
                        .asText())
                .isEqualTo("critical");
        assertThat(card(cards, "SESSION-ELIGIBLE-SCREENING").path("indicator").asText())
                .isEqualTo("critical");
    }

    @Test
    void interactingMedicationsAndRelativeContraindicationsAreWarnings() throws Exception {
        ClinicFixtures fixtures = new ClinicFixtures(client());
        String patient = fixtures.patient();
        fixtures.create(fixtures.screeningTemplate(
                patient,
                SCREENED.toString(),
                Map.of("benzodiazepines", true, "psychosis", true),
                fixtures.baseline(patient, SCREENED.toString(), 120, 80, 80)));

        List<JsonNode> cards = cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV)));

        assertThat(rules(cards))
                .containsExactlyInAnyOrder("ELIG-INTERACTING-MEDICATION", "ELIG-RELATIVE-CONTRAINDICATION");
        assertThat(cards)
                .allSatisfy(card -> assertThat(card.path("indicator").asText()).isEqualTo("warning"));
        assertThat(card(cards, "ELIG-INTERACTING-MEDICATION").path("detail").asText())
                .contains("benzodiazepines, non-benzodiazepine-hypnotics");
    }

    @Test
    void aDoseOutsideTheRangeGetsTheRuleAndItsThresholdAsSentByTheEhr() throws Exception {
        String patient = patientScreened("eligible");

        List<JsonNode> perKg = cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "1.2", "mg/kg", IV)));
        List<JsonNode> inMg =
                cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "96", "mg", IV))); // 1.2 mg/kg of 80 kg

        JsonNode card = card(perKg, "SESSION-DOSE-PER-KG");
        assertThat(card.path("indicator").asText()).as("an overridable rule").isEqualTo("warning");
        assertThat(card.path("detail").asText())
                .contains("route SNOMED CT 47625008 is dosed at 0.1-1.0 mg/kg")
                .contains("1.2 mg/kg, route SNOMED CT 47625008");
        assertThat(rules(inMg)).containsExactly("SESSION-DOSE-PER-KG");
        assertThat(card(inMg, "SESSION-DOSE-PER-KG").path("detail").asText())
                .contains("96 mg, route SNOMED CT 47625008");
    }

    @Test
    void esketamineMustBeAnAllowedDoseIntranasally() throws Exception {
        String patient = patientScreened("eligible");

        assertThat(cards(orderSignHere(patient, esketamineOrder(patient, MONDAY, "56", NASAL))))
                .isEmpty();
        List<JsonNode> cards = cards(orderSignHere(patient, esketamineOrder(patient, MONDAY, "70", NASAL)));
        List<JsonNode> wrongRoute = cards(orderSignHere(patient, esketamineOrder(patient, MONDAY, "56", IV)));

        JsonNode card = card(cards, "SESSION-ESKETAMINE-DOSE");
        assertThat(card.path("indicator").asText()).isEqualTo("critical");
        assertThat(card.path("detail").asText())
                .contains("[28, 56, 84] mg, intranasal")
                .contains("70 mg");
        assertThat(rules(wrongRoute)).containsExactly("SESSION-ESKETAMINE-DOSE");
    }

    @Test
    void anOrderTooSoonAfterTheLastSessionGetsTheIntervalCard() throws Exception {
        ClinicFixtures fixtures = new ClinicFixtures(client());
        String patient = fixtures.patient();
        fixtures.decidedScreening(patient, SCREENED.toString(), "eligible");
        String plan = fixtures.plan(patient);
        fixtures.create(fixtures.ivSession(
                patient,
                plan,
                fixtures.encounter(patient, MONDAY.minusSeconds(900), MONDAY.plus(Duration.ofMinutes(90))),
                MONDAY,
                new BigDecimal("0.5")));

        List<JsonNode> tooSoon = cards(
                orderSignHere(patient, racemicOrder(patient, MONDAY.plus(Duration.ofHours(24)), "0.5", "mg/kg", IV)));
        List<JsonNode> later = cards(
                orderSignHere(patient, racemicOrder(patient, MONDAY.plus(Duration.ofHours(48)), "0.5", "mg/kg", IV)));

        JsonNode card = card(tooSoon, "SESSION-MIN-INTERVAL");
        assertThat(card.path("detail").asText()).contains("at least 48 hours apart");
        assertThat(later).isEmpty();
    }

    @Test
    void anUnreviewedSuicideRiskAlertGivesACriticalCardUntilAClinicianReviewsIt() throws Exception {
        String patient = patientScreened("eligible");
        String alert = new ClinicFixtures(client())
                .create(ClinicFixtures.suicideRiskAlert(
                        patient, "suicide-risk-high", MONDAY.minus(Duration.ofDays(3))));

        List<JsonNode> cards = cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV)));

        assertThat(rules(cards)).containsExactly("SUICIDE-RISK-REVIEW");
        JsonNode card = card(cards, "SUICIDE-RISK-REVIEW");
        assertThat(card.path("indicator").asText()).isEqualTo("critical");
        assertThat(card.path("summary").asText()).contains("suicide-risk alert");
        assertThat(card.path("detail").asText())
                .contains("30 days")
                .as("the card names the rule, not the patient's record")
                .doesNotContain(alert);
        // An EHR that prefetches everything the service declares, naming no fhirServer: the alerts are this server's.
        ObjectNode prefetched = orderSign(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV));
        ObjectNode prefetch = prefetched.putObject("prefetch");
        prefetch.set(
                "patient",
                fhirJson(client().read()
                        .resource(org.hl7.fhir.r4.model.Patient.class)
                        .withId(patient)
                        .execute()));
        prefetch.set(
                "screenings",
                fhirJson(client().search()
                        .byUrl("Observation?patient=" + patient + "&code=" + ClinicFixtures.OBS_CODES
                                + "|ketamine-screening")
                        .returnBundle(Bundle.class)
                        .execute()));
        prefetch.set(
                "bodyMeasurements",
                fhirJson(client().search()
                        .byUrl("Observation?patient=" + patient + "&code=http://loinc.org|29463-7")
                        .returnBundle(Bundle.class)
                        .execute()));
        prefetch.set("sessions", fhirJson(searchset()));
        assertThat(rules(cards(prefetched))).containsExactly("SUICIDE-RISK-REVIEW");

        org.hl7.fhir.r4.model.Practitioner reviewer = new org.hl7.fhir.r4.model.Practitioner();
        reviewer.setId("cds-reviewer");
        client().update().resource(reviewer).execute();
        client().update()
                .resource(ClinicFixtures.reviewed(
                        client().read()
                                .resource(org.hl7.fhir.r4.model.DetectedIssue.class)
                                .withId(alert)
                                .execute(),
                        "level-of-care-decided",
                        "Practitioner/cds-reviewer"))
                .execute();
        assertThat(cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV))))
                .isEmpty();
    }

    /** The alert a patient's PHQ-9 raises (item 9 above 0) gives the same critical card. */
    @Test
    void aPhq9ResponseWithItem9AboveZeroGivesTheCriticalCard() throws Exception {
        String patient = patientScreened("eligible");
        org.hl7.fhir.r4.model.QuestionnaireResponse phq9 = new org.hl7.fhir.r4.model.QuestionnaireResponse();
        phq9.setQuestionnaire(ClinicFixtures.IG + "Questionnaire/phq-9");
        phq9.setStatus(org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        phq9.setSubject(new org.hl7.fhir.r4.model.Reference(patient));
        phq9.setSource(new org.hl7.fhir.r4.model.Reference(patient));
        phq9.setAuthoredElement(new org.hl7.fhir.r4.model.DateTimeType(
                MONDAY.minus(Duration.ofDays(2)).toString()));
        String[] items = {
            "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"
        };
        for (String item : items) {
            phq9.addItem()
                    .setLinkId(item)
                    .addAnswer()
                    .setValue(new org.hl7.fhir.r4.model.Coding(
                            "http://loinc.org", item.equals("44260-8") ? "LA6569-3" : "LA6568-5", null));
        }
        new ClinicFixtures(client()).create(phq9);

        List<JsonNode> cards = cards(orderSignHere(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV)));

        assertThat(rules(cards)).containsExactly("SUICIDE-RISK-REVIEW");
        assertThat(card(cards, "SUICIDE-RISK-REVIEW").path("indicator").asText())
                .isEqualTo("critical");
    }

    @Test
    void orderSelectChecksOnlyTheSelectedOrdersAndNonKetamineOrdersAreLeftAlone() throws Exception {
        String patient = patientScreened("eligible");
        MedicationRequest selected = racemicOrder(patient, MONDAY, "1.2", "mg/kg", IV);
        MedicationRequest notSelected = esketamineOrder(patient, MONDAY, "70", NASAL);
        MedicationRequest other = order(
                patient, new CodeableConcept().setText("Sertraline 50 mg tablet"), MONDAY, "50", "mg", "26643006");
        ObjectNode request = orderSign(patient, selected, notSelected, other);
        request.put("hook", "order-select");
        request.put("fhirServer", fhirBase());
        ((ObjectNode) request.path("context"))
                .putArray("selections")
                .add("MedicationRequest/" + selected.getIdElement().getIdPart());

        HttpResponse<String> response = call(
                KetamineOrderCheck.ORDER_SELECT_SERVICE,
                request.toString(),
                CdsClients.jwt(serviceUrl(KetamineOrderCheck.ORDER_SELECT_SERVICE)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<JsonNode> cards = new ArrayList<>();
        JSON.readTree(response.body()).path("cards").forEach(cards::add);
        assertThat(rules(cards)).containsExactly("SESSION-DOSE-PER-KG");

        List<JsonNode> onlyOther = cards(orderSignHere(patient, other));
        assertThat(onlyOther)
                .as("a sertraline order is none of this service's business")
                .isEmpty();
    }

    // ---- where the records come from

    @Test
    void prefetchedRecordsAreUsedWithoutReadingTheStore() throws Exception {
        // A patient this server has never seen: everything comes from the EHR's prefetch.
        String patient = "Patient/ehr-" + UUID.randomUUID().toString().substring(0, 8);
        ClinicFixtures fixtures = new ClinicFixtures(client());
        org.hl7.fhir.r4.model.Observation screening =
                fixtures.screeningTemplate(patient, SCREENED.toString(), Map.of());
        screening.setId("ehr-screening-1");
        screening.setValue(new CodeableConcept(
                new Coding(ClinicFixtures.IG + "CodeSystem/eligibility-outcome", "eligible", null)));
        org.hl7.fhir.r4.model.Observation weight =
                ClinicFixtures.example("Observation", "iv-baseline-weight", org.hl7.fhir.r4.model.Observation.class);
        weight.setSubject(new Reference(patient));
        weight.setEffective(new org.hl7.fhir.r4.model.DateTimeType(SCREENED.toString()));
        MedicationAdministration lastSession =
                ClinicFixtures.example("MedicationAdministration", "iv-session-1", MedicationAdministration.class);
        lastSession.setId("ehr-session-1");
        lastSession.setSubject(new Reference(patient));
        lastSession.getEffectivePeriod().setStart(Date.from(MONDAY)).setEnd(Date.from(MONDAY.plusSeconds(2400)));

        ObjectNode request =
                orderSign(patient, racemicOrder(patient, MONDAY.plus(Duration.ofHours(24)), "0.5", "mg/kg", IV));
        ObjectNode prefetch = request.putObject("prefetch");
        prefetch.set(
                "patient",
                fhirJson(ClinicFixtures.example("Patient", "patient-iv", org.hl7.fhir.r4.model.Patient.class)));
        prefetch.set("screenings", fhirJson(searchset(screening)));
        prefetch.set("bodyMeasurements", fhirJson(searchset(weight)));
        prefetch.set("sessions", fhirJson(searchset(lastSession)));

        List<JsonNode> cards = cards(request);

        assertThat(rules(cards)).containsExactly("SESSION-MIN-INTERVAL");
        prefetch.set("sessions", fhirJson(searchset()));
        assertThat(cards(request)).isEmpty();
    }

    @Test
    void aNullOrFailedPrefetchIsReadFromTheFhirServerInstead() throws Exception {
        String patient = patientScreened("deferred");
        ObjectNode request = orderSignHere(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV));
        ObjectNode prefetch = request.putObject("prefetch");
        prefetch.putNull("screenings");
        org.hl7.fhir.r4.model.OperationOutcome failed = new org.hl7.fhir.r4.model.OperationOutcome();
        failed.addIssue()
                .setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
                .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.TIMEOUT)
                .setDiagnostics("EHR prefetch timed out");
        prefetch.set("bodyMeasurements", fhirJson(failed));

        List<JsonNode> cards = cards(request);

        assertThat(rules(cards)).containsExactlyInAnyOrder("SESSION-ELIGIBLE-SCREENING", "ELIG-PREDOSE-BP");
    }

    @Test
    void missingPrefetchWithoutAFhirServerIsA412() throws Exception {
        String patient = patientScreened("eligible");

        HttpResponse<String> response = call(
                KetamineOrderCheck.ORDER_SIGN_SERVICE,
                orderSign(patient, racemicOrder(patient, MONDAY, "0.5", "mg/kg", IV))
                        .toString(),
                CdsClients.jwt(serviceUrl(KetamineOrderCheck.ORDER_SIGN_SERVICE)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(412);
        assertThat(response.body()).contains("Unable to fetch missing resource");
    }

    private static Bundle searchset(Resource... resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (Resource resource : resources) {
            bundle.addEntry().setResource(resource);
        }
        bundle.setTotal(resources.length);
        return bundle;
    }
}
