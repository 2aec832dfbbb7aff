package org.ketaminefhir.server.clinical.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.monitoring.AlertReviewRule.Mitigation;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;

/** ALERT-REVIEW as a table: which statuses are a review, and what a complete mitigation has. */
class AlertReviewRuleTest {

    private static final String REVIEW = "https://ketaminefhir.org/ig/CodeSystem/suicide-risk-review";
    /** The review actions from the IG itself, as the server reads them. */
    private static final AlertReviewRule RULE = new AlertReviewRule(
            ImplementationGuidePackage.fromClasspath(FhirContext.forR4Cached()).codesOf("suicide-risk-review"));

    @ParameterizedTest(name = "status {0}, action {1}, dated {2}, author {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			final          | safety-plan           | true  | Practitioner/osei   | none
			final          | level-of-care-decided | true  | Practitioner/osei   | none
			final          | crisis-referral       | true  | Practitioner/osei   | none
			final          | no-change             | true  | Practitioner/osei   | none
			final          | none                  | none  | none                | ALERT-REVIEW
			final          | safety-plan           | false | Practitioner/osei   | ALERT-REVIEW
			final          | safety-plan           | true  | none                | ALERT-REVIEW
			final          | safety-plan           | true  | Patient/p1          | ALERT-REVIEW
			final          | safety-plan           | true  | RelatedPerson/r1    | ALERT-REVIEW
			final          | made-up-action        | true  | Practitioner/osei   | ALERT-REVIEW
			amended        | none                  | none  | none                | ALERT-REVIEW
			corrected      | none                  | none  | none                | ALERT-REVIEW
			preliminary    | none                  | none  | none                | none
			registered     | none                  | none  | none                | none
			cancelled      | none                  | none  | none                | none
			entered-in-error | none                | none  | none                | none
			""")
    void aReviewNeedsAnActionADateAndAPractitioner(
            String status, String action, Boolean dated, String author, String rule) {
        List<Mitigation> mitigations =
                action == null ? List.of() : List.of(new Mitigation(List.of(REVIEW + "|" + action), dated, author));

        assertThat(RULE.check(status, mitigations).map(Finding::ruleId).orElse(null))
                .isEqualTo(rule);
    }

    @ParameterizedTest(name = "action code {0} of system {1}")
    @CsvSource({"safety-plan, http://example.org/other", "safety-plan, ''"})
    void theActionMustBeFromTheReviewValueSet(String code, String system) {
        assertThat(RULE.check("final", List.of(new Mitigation(List.of(system + "|" + code), true, "Practitioner/a"))))
                .isPresent();
    }

    @org.junit.jupiter.api.Test
    void oneCompleteMitigationAmongSeveralIsEnough() {
        assertThat(RULE.check(
                        "final",
                        List.of(
                                new Mitigation(List.of(), true, "Practitioner/a"),
                                new Mitigation(List.of(REVIEW + "|safety-plan"), true, "Practitioner/b"))))
                .isEmpty();
    }
}
