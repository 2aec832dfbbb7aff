package org.ketaminefhir.server.support;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.demo.DemoJourney;

/**
 * The IG's examples, exactly as SUSHI generated them into ig/fsh-generated/resources: test fixtures and demo data.
 */
public final class IgExamples {

    public static final Path GENERATED = Path.of("ig/fsh-generated/resources");
    private static final Set<String> CONFORMANCE_TYPES = Set.of(
            "StructureDefinition", "ValueSet", "CodeSystem", "ImplementationGuide", "SearchParameter", "Questionnaire");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static List<Example> all;

    private IgExamples() {}

    /** One example instance. */
    public record Example(String file, String resourceType, String id, String json, List<String> profiles) {
        @Override
        public String toString() {
            return resourceType + "/" + id;
        }
    }

    public static synchronized List<Example> all() {
        if (all == null) {
            List<Example> examples = new ArrayList<>();
            try (Stream<Path> files = Files.list(GENERATED)) {
                for (Path file : files.sorted().toList()) {
                    String json = Files.readString(file);
                    JsonNode node = JSON.readTree(json);
                    String type = node.path("resourceType").asText();
                    if (CONFORMANCE_TYPES.contains(type)) {
                        continue;
                    }
                    List<String> profiles = new ArrayList<>();
                    node.path("meta").path("profile").forEach(p -> profiles.add(p.asText()));
                    examples.add(new Example(
                            file.getFileName().toString(), type, node.path("id").asText(), json, profiles));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the IG examples in " + GENERATED.toAbsolutePath(), e);
            }
            all = List.copyOf(examples);
        }
        return all;
    }

    public static Example get(String resourceType, String id) {
        return all().stream()
                .filter(e -> e.resourceType().equals(resourceType) && e.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No IG example " + resourceType + "/" + id));
    }

    /**
     * Every example as one transaction of PUTs, in the order a clinic records them (patients, screenings and scores,
     * plans, encounters, sessions, then what was observed in the sessions; a questionnaire response before what
     * was derived from it), so that the clinical rules on sessions see
     * the screening that allows them.
     */
    public static Bundle journeyTransaction(FhirContext fhirContext) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        List<Example> ordered = new ArrayList<>(all());
        ordered.sort(java.util.Comparator.comparingInt(IgExamples::recordingOrder));
        for (Example example : ordered) {
            Resource resource = (Resource) fhirContext.newJsonParser().parseResource(example.json());
            if (DemoJourney.derivedFromAResponse(resource)) {
                continue; // the server derives it from the response in the same transaction
            }
            bundle.addEntry()
                    .setFullUrl(example.resourceType() + "/" + example.id())
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl(example.resourceType() + "/" + example.id());
        }
        return bundle;
    }

    private static int recordingOrder(Example example) {
        return switch (example.resourceType()) {
            case "Patient" -> 0;
            case "QuestionnaireResponse" -> 1;
            case "Observation" -> example.json().contains("\"partOf\"") ? 6 : 1;
            case "Condition", "Goal" -> 2;
            case "CarePlan" -> 3;
            case "Encounter" -> 4;
            case "MedicationAdministration" -> 5;
            default -> 7;
        };
    }
}
