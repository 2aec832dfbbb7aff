package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;

/**
 * Each clinical operation is listed in the CapabilityStatement with an OperationDefinition the server serves, which
 * declares its out parameters and documents its in parameters.
 */
class ClinicalOperationsMetadataIT extends FhirServerTestBase {

    @Test
    void theOperationsAreDeclaredAndDefined() {
        CapabilityStatement metadata =
                client().capabilities().ofType(CapabilityStatement.class).execute();

        for (String[] expected : List.of(
                new String[] {"Patient", "ketamine-eligibility"},
                new String[] {"Patient", "ketamine-plan"},
                new String[] {"Patient", "ketamine-progress"},
                new String[] {"Patient", "ketamine-due-questionnaires"},
                new String[] {"MedicationAdministration", "rems-summary"})) {
            CapabilityStatement.CapabilityStatementRestResourceOperationComponent operation =
                    metadata.getRestFirstRep().getResource().stream()
                            .filter(r -> r.getType().equals(expected[0]))
                            .flatMap(r -> r.getOperation().stream())
                            .filter(o -> o.getName().equals(expected[1]))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("not in metadata: " + expected[1]));
            OperationDefinition definition = client().read()
                    .resource(OperationDefinition.class)
                    .withUrl(operation.getDefinition())
                    .execute();
            assertThat(definition.getCode()).isEqualTo(expected[1]);
            assertThat(definition.getResource()).extracting(r -> r.getValue()).contains(expected[0]);
            assertThat(definition.getDescription()).isNotBlank();
            // What each answers is declared (and checked against the answers in OperationOutputsIT); inputs say what
            // they are.
            assertThat(definition.getParameter())
                    .as(expected[1] + " out parameters")
                    .anyMatch(p -> p.getUse() == OperationDefinition.OperationParameterUse.OUT);
            assertThat(definition.getParameter())
                    .as(expected[1] + " in parameters")
                    .filteredOn(p -> p.getUse() == OperationDefinition.OperationParameterUse.IN)
                    .allSatisfy(p ->
                            assertThat(p.getDocumentation()).as(p.getName()).isNotBlank());
        }
    }
}
