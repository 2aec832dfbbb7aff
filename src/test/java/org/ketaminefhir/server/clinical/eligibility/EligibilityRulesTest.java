package org.ketaminefhir.server.clinical.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;
import org.ketaminefhir.server.support.RuleSettings;

/** The eligibility decision as a table, on the shipped defaults: each rule at, below and above its threshold. */
class EligibilityRulesTest {

    private static final EligibilitySettings DEFAULTS =
            RuleSettings.defaults("ketamine.rules.eligibility", EligibilitySettings.class);
    private static final PreDoseBloodPressure PREDOSE =
            RuleSettings.defaults("ketamine.rules.predose-blood-pressure", PreDoseBloodPressure.class);
    private static final EligibilityRules RULES = new EligibilityRules(DEFAULTS, PREDOSE);

    /** A complete screening with nothing found: every item answered "no", TRD, 3 trials, 120/80, weight and score. */
    private static ScreeningFacts complete(UnaryOperator<Builder> change) {
        return change.apply(new Builder()).build();
    }

    private static final class Builder {
        final Map<String, Boolean> flags = new HashMap<>();
        boolean indication = true;
        Integer trials = 3;
        String pregnancy = "not-pregnant";
        Integer systolic = 120;
        Integer diastolic = 80;
        boolean weight = true;
        boolean score = true;
        boolean trd = true;

        Builder() {
            for (List<String> items : List.of(
                    DEFAULTS.absoluteContraindications(),
                    DEFAULTS.relativeContraindications(),
                    DEFAULTS.interactingMedications())) {
                items.forEach(item -> flags.put(item, false));
            }
        }

        Builder set(String key, String value) {
            switch (key) {
                case "" -> {}
                case "trials" -> trials = value.isEmpty() ? null : Integer.valueOf(value);
                case "pregnancy" -> pregnancy = value.isEmpty() ? null : value;
                case "bp" -> {
                    systolic = value.isEmpty() ? null : Integer.valueOf(value.split("/")[0]);
                    diastolic = value.isEmpty() ? null : Integer.valueOf(value.split("/")[1]);
                }
                case "indication" -> indication = Boolean.parseBoolean(value);
                case "trd" -> trd = Boolean.parseBoolean(value);
                case "weight" -> weight = Boolean.parseBoolean(value);
                case "score" -> score = Boolean.parseBoolean(value);
                default -> {
                    if (value.isEmpty()) {
                        flags.remove(key);
                    } else {
                        flags.put(key, Boolean.parseBoolean(value));
                    }
                }
            }
            return this;
        }

        ScreeningFacts build() {
            return new ScreeningFacts(flags, indication, trials, pregnancy, systolic, diastolic, weight, score, trd);
        }
    }

    @ParameterizedTest(name = "{0}={1} -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			             |                  | eligible                  |
			bp           | 140/90           | eligible                  |
			bp           | 141/90           | deferred                  | ELIG-PREDOSE-BP
			bp           | 140/91           | deferred                  | ELIG-PREDOSE-BP
			bp           | 139/89           | eligible                  |
			bp           | ''               | incomplete                | ELIG-MISSING-DATA
			aneurysmal-vascular-disease | true | not-eligible         | ELIG-ABSOLUTE-CONTRAINDICATION
			ketamine-hypersensitivity | true | not-eligible           | ELIG-ABSOLUTE-CONTRAINDICATION
			arteriovenous-malformation | ''  | incomplete             | ELIG-MISSING-DATA
			psychosis    | true             | eligible-with-precautions | ELIG-RELATIVE-CONTRAINDICATION
			opioids      | true             | eligible-with-precautions | ELIG-INTERACTING-MEDICATION
			opioids      | ''               | incomplete                | ELIG-MISSING-DATA
			pregnancy    | pregnant         | not-eligible              | ELIG-PREGNANCY
			pregnancy    | breastfeeding    | not-eligible              | ELIG-PREGNANCY
			pregnancy    | unknown          | incomplete                | ELIG-PREGNANCY-UNKNOWN
			pregnancy    | ''               | incomplete                | ELIG-MISSING-DATA
			pregnancy    | not-applicable   | eligible                  |
			pregnancy    | not-pregnant     | eligible                  |
			trials       | 2                | eligible                  |
			trials       | 1                | eligible-with-precautions | ELIG-TRD-ADEQUATE-TRIALS
			trials       | 0                | eligible-with-precautions | ELIG-TRD-ADEQUATE-TRIALS
			trials       | ''               | incomplete                | ELIG-MISSING-DATA
			trd          | false            | eligible                  |
			indication   | false            | incomplete                | ELIG-MISSING-DATA
			weight       | false            | incomplete                | ELIG-MISSING-DATA
			score        | false            | incomplete                | ELIG-MISSING-DATA
			""")
    void oneChangeFromACompleteScreening(String item, String value, String outcome, String rule) {
        EligibilityRules.Decision decision =
                RULES.decide(complete(b -> b.set(item == null ? "" : item, value == null ? "" : value)));

        assertThat(decision.outcome().code()).isEqualTo(outcome);
        assertThat(decision.reasons())
                .extracting(Finding::ruleId)
                .containsExactlyElementsOf(rule == null ? List.of() : List.of(rule));
    }

    @ParameterizedTest(name = "trd=false, trials={0} -> eligible")
    @CsvSource({"0", "1"})
    void fewTrialsNeedPrecautionsOnlyForTreatmentResistantDepression(int trials) {
        assertThat(RULES.decide(complete(b -> b.set("trd", "false").set("trials", String.valueOf(trials))))
                        .outcome())
                .isEqualTo(EligibilityOutcome.ELIGIBLE);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"incomplete, incomplete", "eligible-with-precautions, eligible-with-precautions"})
    void anUnknownPregnancyStatusGivesTheConfiguredOutcome(String configured, String outcome) {
        EligibilitySettings settings = RuleSettings.with(
                "ketamine.rules.eligibility",
                EligibilitySettings.class,
                Map.of("ketamine.rules.eligibility.unknown-pregnancy-outcome", configured));

        EligibilityRules.Decision decision =
                new EligibilityRules(settings, PREDOSE).decide(complete(b -> b.set("pregnancy", "unknown")));

        assertThat(decision.outcome().code()).isEqualTo(outcome);
        assertThat(decision.reasons())
                .singleElement()
                .extracting(Finding::ruleId)
                .isEqualTo("ELIG-PREGNANCY-UNKNOWN");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
			not-eligible beats all     | aneurysmal-vascular-disease | true | bp | 150/95 | not-eligible
			incomplete beats deferred  | opioids                     | ''   | bp | 150/95 | incomplete
			deferred beats precautions | psychosis                   | true | bp | 150/95 | deferred
			""")
    void theMostSevereOutcomeWinsAndEveryReasonIsKept(
            String name, String item, String value, String item2, String value2, String outcome) {
        EligibilityRules.Decision decision =
                RULES.decide(complete(b -> b.set(item, value).set(item2, value2)));

        assertThat(decision.outcome().code()).isEqualTo(outcome);
        assertThat(decision.reasons()).hasSize(2);
    }
}
