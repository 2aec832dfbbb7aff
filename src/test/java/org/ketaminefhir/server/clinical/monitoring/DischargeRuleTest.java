package org.ketaminefhir.server.clinical.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.monitoring.DischargeRule.MoaasScore;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;
import org.ketaminefhir.server.support.RuleSettings;

/** DISCHARGE-SEDATED as a table: the latest MOAA/S of the session against the shipped minimum (5). */
class DischargeRuleTest {

    private static final DischargeRule RULE = new DischargeRule(
            RuleSettings.defaults("ketamine.rules.psychiatric-safety", PsychiatricSafetySettings.class));
    private static final Instant T = Instant.parse("2026-02-05T11:00:00Z");

    /** Scores as "minutes:score" after T, e.g. "0:3 30:5". */
    private static List<MoaasScore> scores(String text) {
        List<MoaasScore> scores = new ArrayList<>();
        if (text != null) {
            for (String one : text.trim().split("\\s+")) {
                String[] parts = one.split(":");
                scores.add(new MoaasScore(T.plusSeconds(60L * Integer.parseInt(parts[0])), Integer.parseInt(parts[1])));
            }
        }
        return scores;
    }

    @ParameterizedTest(name = "ready={0}, scores [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			true  | 0:5           | none
			true  | 0:4           | DISCHARGE-SEDATED
			true  | 0:0           | DISCHARGE-SEDATED
			true  | 0:2 30:4 60:5 | none
			true  | 0:5 30:4      | DISCHARGE-SEDATED
			true  | 60:5 0:4      | none
			true  | 30:5 30:4     | DISCHARGE-SEDATED
			true  | none          | none
			false | 0:1           | none
			""")
    void theLatestScoreDecides(boolean ready, String scores, String rule) {
        assertThat(RULE.check(ready, scores(scores)).map(Finding::ruleId).orElse(null))
                .isEqualTo(rule);
    }

    @Test
    void theRefusalSaysWhichScoreAndWhatIsNeeded() {
        assertThat(RULE.check(true, scores("0:3"))).get().satisfies(finding -> {
            assertThat(finding.toString()).startsWith("DISCHARGE-SEDATED: ");
            assertThat(finding.message()).contains("latest MOAA/S is 3").contains("at least 5");
            assertThat(finding.location()).isEqualTo("Observation.value");
        });
    }

    @Test
    void aClinicMayAskForLess() {
        DischargeRule four = new DischargeRule(RuleSettings.with(
                "ketamine.rules.psychiatric-safety",
                PsychiatricSafetySettings.class,
                Map.of("ketamine.rules.psychiatric-safety.discharge-min-moaas", "4")));

        assertThat(four.check(true, scores("0:4"))).isEmpty();
        assertThat(four.check(true, scores("0:3"))).isPresent();
    }
}
