package org.ketaminefhir.server.clinical.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.SafetyAlert;
import org.ketaminefhir.server.clinical.monitoring.InSessionScoreAlerts.Scale;
import org.ketaminefhir.server.support.RuleSettings;

/** The in-session score alerts as a table, on the shipped levels (MOAA/S 2 and 0, CADSS 4) and on other levels. */
class InSessionScoreAlertsTest {

    private static final InSessionScoreAlerts SHIPPED = new InSessionScoreAlerts(
            RuleSettings.defaults("ketamine.rules.psychiatric-safety", PsychiatricSafetySettings.class));

    @ParameterizedTest(name = "{0} {1} -> {2} {3} {4}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			MOAAS | 5  | none               | none                  | none
			MOAAS | 4  | none               | none                  | none
			MOAAS | 3  | none               | none                  | none
			MOAAS | 2  | MOAAS-SEDATION     | sedation-deep         | moderate
			MOAAS | 1  | MOAAS-SEDATION     | sedation-deep         | moderate
			MOAAS | 0  | MOAAS-LOC          | loss-of-consciousness | high
			CADSS | 0  | none               | none                  | none
			CADSS | 4  | none               | none                  | none
			CADSS | 5  | CADSS-DISSOCIATION | dissociation-high     | moderate
			CADSS | 92 | CADSS-DISSOCIATION | dissociation-high     | moderate
			""")
    void eachScoreAtAndAroundItsLevel(Scale scale, int score, String rule, String code, String severity) {
        var alert = SHIPPED.check(scale, score);

        if (rule == null) {
            assertThat(alert).isEmpty();
        } else {
            assertThat(alert).get().satisfies(a -> {
                assertThat(a.ruleId()).isEqualTo(rule);
                assertThat(a.code()).isEqualTo(code);
                assertThat(a.severity()).isEqualTo(severity);
                assertThat(a.issueDetail()).startsWith(rule + ": ").contains(String.valueOf(score));
            });
            assertThat(scale.alertCodes()).contains(code);
        }
    }

    @ParameterizedTest(name = "levels sedation<={0} loc<={1} cadss>{2}: {3} {4} -> {5}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			3 | 0 | 10 | MOAAS | 3  | MOAAS-SEDATION
			3 | 0 | 10 | MOAAS | 4  | none
			3 | 1 | 10 | MOAAS | 1  | MOAAS-LOC
			3 | 1 | 10 | MOAAS | 2  | MOAAS-SEDATION
			3 | 0 | 10 | CADSS | 10 | none
			3 | 0 | 10 | CADSS | 11 | CADSS-DISSOCIATION
			""")
    void theLevelsAreTheClinicsSettings(int sedation, int loc, int cadss, Scale scale, int score, String rule) {
        InSessionScoreAlerts rules = new InSessionScoreAlerts(RuleSettings.with(
                "ketamine.rules.psychiatric-safety",
                PsychiatricSafetySettings.class,
                Map.of(
                        "ketamine.rules.psychiatric-safety.moaas-alert-at-or-below", String.valueOf(sedation),
                        "ketamine.rules.psychiatric-safety.moaas-loss-of-consciousness", String.valueOf(loc),
                        "ketamine.rules.psychiatric-safety.cadss-alert-above", String.valueOf(cadss))));

        assertThat(rules.check(scale, score).map(SafetyAlert::ruleId).orElse(null))
                .isEqualTo(rule);
    }
}
