package org.ketaminefhir.server.clinical.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.support.RuleSettings;

/**
 * The dosing-weight rule as tables, on the shipped defaults (latest weight within 90 days, 5 %, actual or ideal,
 * ideal from BMI 30).
 */
class DosingWeightRuleTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final DosingWeightRule RULE =
            new DosingWeightRule(RuleSettings.defaults("ketamine.rules.dosing-weight", DosingWeightSettings.class));

    private static DosingWeightRule.Weighing weighed(String before, String kg) {
        return new DosingWeightRule.Weighing(START.minus(Duration.parse(before)), new BigDecimal(kg));
    }

    private static DosingWeightRule.Body body(List<DosingWeightRule.Weighing> weights, String cm, String sex) {
        return new DosingWeightRule.Body(
                weights,
                cm == null
                        ? List.of()
                        : List.of(new DosingWeightRule.Height(START.minus(Duration.ofDays(400)), new BigDecimal(cm))),
                sex);
    }

    private static Optional<String> check(DosingWeightRule rule, String basis, String kg, DosingWeightRule.Body body) {
        return rule.problem(new DosingWeightRule.Stated(basis, new BigDecimal(kg)), START, body);
    }

    @ParameterizedTest(name = "actual {0} kg on a recorded 80 kg -> {1}")
    @CsvSource({
        "80, ok",
        "84, ok",
        "76, ok",
        "84.1, not within 5 %",
        "75.9, not within 5 %",
        "160, not within 5 %",
        "40, not within 5 %"
    })
    void actualWeightWithinTheTolerance(String kg, String expected) {
        Optional<String> problem = check(RULE, "actual", kg, body(List.of(weighed("P3D", "80")), null, "male"));

        assertProblem(problem, expected);
    }

    @ParameterizedTest(name = "weighed {0} before -> {1}")
    @CsvSource({
        "P90D, ok",
        "P90DT1S, no body weight recorded in the 90 days",
        "PT0S, ok",
        "-PT1M, no body weight recorded in the 90 days"
    })
    void theWeightMustBeRecordedInThe90DaysBeforeTheSession(String before, String expected) {
        assertProblem(check(RULE, "actual", "80", body(List.of(weighed(before, "80")), null, "male")), expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
			the latest weight counts             | 100 | ok
			an older weight does not             | 80  | not within 5 %
			""")
    void theLatestWeightIsTheReference(String name, String kg, String expected) {
        List<DosingWeightRule.Weighing> weights =
                List.of(weighed("P30D", "80"), weighed("P1D", "100"), weighed("P60D", "79"));

        assertProblem(check(RULE, "actual", kg, body(weights, null, "male")), expected);
    }

    @ParameterizedTest(name = "ideal {2} kg, {0} kg, {1} cm, {3} -> {4}")
    @CsvSource({
        // 170 cm: Devine IBW 65.94 kg (male), 61.44 kg (female); BMI 30 at 86.7 kg
        "86.7, 170, 66, male, ok",
        "86.7, 170, 62.7, male, ok",
        "86.7, 170, 62.6, male, not within 5 %",
        "86.7, 170, 80, male, not within 5 %",
        "86.7, 170, 61.4, female, ok",
        "86.6, 170, 66, male, BMI of 30 or more; the patient's BMI is 29.9",
        "70, 170, 66, male, BMI of 30 or more; the patient's BMI is 24.2",
        "120, , 66, male, needs a recorded body height",
        "120, 170, 66, other, needs the patient's gender",
        "120, 170, 66, , needs the patient's gender"
    })
    void idealBodyWeightFromBmi30(String actual, String cm, String kg, String sex, String expected) {
        assertProblem(check(RULE, "ideal", kg, body(List.of(weighed("P3D", actual)), cm, sex)), expected);
    }

    @ParameterizedTest(name = "adjusted {0} kg -> {1}")
    @CsvSource({
        // 120 kg, 170 cm, male: IBW 65.94, adjusted 65.94 + 0.4 x 54.06 = 87.56 kg
        "87.6, ok",
        "83.2, ok",
        "83.1, not within 5 %"
    })
    void adjustedBodyWeightOnlyWhenTheClinicAllowsIt(String kg, String expected) {
        DosingWeightRule.Body obese = body(List.of(weighed("P3D", "120")), "170", "male");
        assertProblem(
                check(RULE, "adjusted", kg, obese), "not allowed by the clinic's protocol (allowed: actual, ideal)");

        DosingWeightRule allowing = new DosingWeightRule(RuleSettings.with(
                "ketamine.rules.dosing-weight",
                DosingWeightSettings.class,
                Map.of("ketamine.rules.dosing-weight.allowed-bases", "actual,ideal,adjusted")));
        assertProblem(check(allowing, "adjusted", kg, obese), expected);
    }

    @ParameterizedTest(name = "basis {0}")
    @CsvSource({"lean, not allowed", "'', not allowed"})
    void anUnknownBasisIsRefused(String basis, String expected) {
        assertProblem(check(RULE, basis, "80", body(List.of(weighed("P3D", "80")), null, "male")), expected);
    }

    @org.junit.jupiter.api.Test
    void aSessionWithoutADosingWeightIsRefused() {
        assertThat(RULE.problem(null, START, body(List.of(weighed("P3D", "80")), null, "male")))
                .get()
                .asString()
                .contains("states no dosing weight");
    }

    @ParameterizedTest(name = "{0} cm {1}: {2} kg")
    @CsvSource({"152.4, male, 50", "152.4, female, 45.5", "180, male, 75.0", "165, female, 57.0"})
    void devineIdealBodyWeight(String cm, String sex, String kg) {
        assertThat(BodyWeights.idealDevine(sex, new BigDecimal(cm)))
                .isCloseTo(new BigDecimal(kg), org.assertj.core.data.Offset.offset(new BigDecimal("0.1")));
    }

    private static void assertProblem(Optional<String> problem, String expected) {
        if (expected.equals("ok")) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).get().asString().contains(expected);
        }
    }
}
