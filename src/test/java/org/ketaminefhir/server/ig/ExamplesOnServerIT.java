package org.ketaminefhir.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;
import org.ketaminefhir.server.support.IgExamples.Example;

/** Every IG example is valid against its profile by the server's own (HAPI) validator, and the journey loads. */
class ExamplesOnServerIT extends FhirServerTestBase {

    private static final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theExamplesCoverEveryProfileOfTheGuide() {
        List<String> declared = IgExamples.all().stream()
                .flatMap(e -> e.profiles().stream())
                .distinct()
                .toList();
        assertThat(IgExamples.all()).hasSizeGreaterThan(150);
        assertThat(declared)
                .contains(
                        "https://ketaminefhir.org/ig/StructureDefinition/ketamine-patient",
                        "https://ketaminefhir.org/ig/StructureDefinition/ketamine-screening",
                        "https://ketaminefhir.org/ig/StructureDefinition/ketamine-treatment-plan",
                        "https://ketaminefhir.org/ig/StructureDefinition/ketamine-session",
                        "https://ketaminefhir.org/ig/StructureDefinition/session-blood-pressure",
                        "https://ketaminefhir.org/ig/StructureDefinition/session-heart-rate",
                        "https://ketaminefhir.org/ig/StructureDefinition/session-oxygen-saturation",
                        "https://ketaminefhir.org/ig/StructureDefinition/ketamine-score",
                        "https://ketaminefhir.org/ig/StructureDefinition/ketamine-side-effect",
                        "https://ketaminefhir.org/ig/StructureDefinition/ketamine-discharge-readiness",
                        "https://ketaminefhir.org/ig/StructureDefinition/ketamine-questionnaire-response",
                        "https://ketaminefhir.org/ig/StructureDefinition/ketamine-questionnaire-finding");
    }

    @TestFactory
    Stream<DynamicTest> everyExampleHasNoErrorAgainstItsProfile() {
        return IgExamples.all().stream()
                .map(example -> DynamicTest.dynamicTest(example.toString(), () -> {
                    for (String profile : example.profiles()) {
                        OperationOutcome outcome = validate(example, profile);
                        assertThat(errors(outcome))
                                .as(example + " against " + profile)
                                .isEmpty();
                    }
                }));
    }

    @Test
    void theWholeJourneyIsAcceptedAsOneTransaction() {
        Bundle journey = IgExamples.journeyTransaction(FHIR);
        Bundle response = client().transaction().withBundle(journey).execute();

        // Every example but what the server derives from the example responses (the PHQ-9 item 9 finding).
        assertThat(journey.getEntry()).hasSize(IgExamples.all().size() - 1);
        assertThat(response.getEntry()).hasSize(journey.getEntry().size());
        assertThat(response.getEntry())
                .allSatisfy(e -> assertThat(e.getResponse().getStatus()).matches("20[01].*"));
    }

    private OperationOutcome validate(Example example, String profile) throws Exception {
        HttpResponse<String> response = http.send(
                request("/" + example.resourceType() + "/$validate?profile="
                                + URLEncoder.encode(profile, StandardCharsets.UTF_8))
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(example.json()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
    }

    static List<String> errors(OperationOutcome outcome) {
        return outcome.getIssue().stream()
                .filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                        || i.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
                .map(i -> i.getDiagnostics() + " @ " + i.getLocation())
                .toList();
    }
}
