package org.ketaminefhir.server.clinical.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.eligibility.EligibilityOutcome;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;
import org.ketaminefhir.server.support.RuleSettings;

/** The session rules as tables, on the shipped defaults: each at, below and above its threshold, and overrides. */
class SessionRuleTableTest {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final String IV = "47625008";
    private static final String NASAL = "46713006";
    private static final SessionRules RULES = new SessionRules(
            RuleSettings.defaults("ketamine.rules.session", SessionSettings.class),
            RuleSettings.defaults("ketamine.rules.eligibility", EligibilitySettings.class),
            RuleSettings.defaults("ketamine.rules.dosing-weight", DosingWeightSettings.class),
            RuleSettings.defaults("ketamine.rules.psychiatric-safety", PsychiatricSafetySettings.class));

    /** An IV session of {@code mgPerKg} on 80 kg actual weight (80 kg recorded 3 days before), screened eligible. */
    private static SessionFacts iv(String route, String mgPerKg, List<Instant> others, Map<String, String> overrides) {
        BigDecimal perKg = new BigDecimal(mgPerKg);
        return new SessionFacts(
                false,
                route,
                perKg.multiply(BigDecimal.valueOf(80)),
                perKg,
                new DosingWeightRule.Stated("actual", BigDecimal.valueOf(80)),
                true,
                START,
                overrides,
                eligible(),
                others,
                new DosingWeightRule.Body(
                        List.of(new DosingWeightRule.Weighing(START.minus(Duration.ofDays(3)), BigDecimal.valueOf(80))),
                        List.of(),
                        "male"),
                null,
                List.of());
    }

    private static SessionFacts esketamine(String route, int mg, boolean completed, Long monitored) {
        return new SessionFacts(
                true,
                route,
                BigDecimal.valueOf(mg),
                null,
                null,
                completed,
                START,
                Map.of(),
                eligible(),
                List.of(),
                new DosingWeightRule.Body(List.of(), List.of(), null),
                monitored,
                List.of());
    }

    private static List<CurrentScreening.Screening> eligible() {
        return List.of(new CurrentScreening.Screening(
                "Observation/s", START.minus(Duration.ofDays(3)), EligibilityOutcome.ELIGIBLE));
    }

    private static List<String> rules(List<Finding> findings) {
        return findings.stream().map(Finding::ruleId).toList();
    }

    @ParameterizedTest(name = "route {0}, {1} mg/kg -> {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			47625008 | 0.1  | none
			47625008 | 1.0  | none
			47625008 | 0.09 | SESSION-DOSE-PER-KG
			47625008 | 1.01 | SESSION-DOSE-PER-KG
			34206005 | 0.9  | none
			34206005 | 0.91 | SESSION-DOSE-PER-KG
			78421000 | 0.49 | SESSION-DOSE-PER-KG
			26643006 | 7.0  | none
			37839007 | 0.5  | SESSION-DOSE-PER-KG
			""")
    void racemicDosePerKgByRoute(String route, String mgPerKg, String rule) {
        assertThat(rules(RULES.check(iv(route, mgPerKg, List.of(), Map.of()))))
                .isEqualTo(rule == null ? List.of() : List.of(rule));
    }

    @ParameterizedTest(name = "esketamine {1} mg by {0} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			46713006 | 28  | none
			46713006 | 56  | none
			46713006 | 84  | none
			46713006 | 27  | SESSION-ESKETAMINE-DOSE
			46713006 | 85  | SESSION-ESKETAMINE-DOSE
			46713006 | 112 | SESSION-ESKETAMINE-DOSE
			47625008 | 56  | SESSION-ESKETAMINE-DOSE
			""")
    void esketamineDoses(String route, int mg, String rule) {
        assertThat(rules(RULES.check(esketamine(route, mg, false, null))))
                .isEqualTo(rule == null ? List.of() : List.of(rule));
    }

    @ParameterizedTest(name = "completed after {0} minutes -> {1}")
    @CsvSource(
            nullValues = "none",
            value = {"120, none", "119, SESSION-ESKETAMINE-MONITORING", "none, SESSION-ESKETAMINE-MONITORING"})
    void esketamineCompletesAfter120MinutesOfMonitoring(Long minutes, String rule) {
        assertThat(rules(RULES.check(esketamine(NASAL, 56, true, minutes))))
                .isEqualTo(rule == null ? List.of() : List.of(rule));
    }

    @ParameterizedTest(name = "another session {0} away -> {1}")
    @CsvSource(
            nullValues = "none",
            value = {
                "PT48H, none",
                "PT47H59M, SESSION-MIN-INTERVAL",
                "-PT48H, none",
                "-PT47H, SESSION-MIN-INTERVAL",
                "PT0S, SESSION-MIN-INTERVAL"
            })
    void sessionsAtLeast48HoursApart(String gap, String rule) {
        List<Instant> others = List.of(START.minus(Duration.parse(gap)));
        assertThat(rules(RULES.check(iv(IV, "0.5", others, Map.of()))))
                .isEqualTo(rule == null ? List.of() : List.of(rule));
    }

    @ParameterizedTest(name = "override {0} with reason ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
			SESSION-DOSE-PER-KG   | chronic pain protocol | accepted
			SESSION-DOSE-PER-KG   | ''                    | (an override needs a reason)
			SESSION-DOSING-WEIGHT | weighed at home       | (this rule cannot be overridden)
			""")
    void overridesOnlyForSoftRulesAndOnlyWithAReason(String rule, String reason, String expected) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(rule, reason);
        SessionFacts facts = rule.equals("SESSION-DOSE-PER-KG")
                ? iv(IV, "1.2", List.of(), overrides)
                : new SessionFacts(
                        false,
                        IV,
                        new BigDecimal("80"),
                        new BigDecimal("0.5"),
                        new DosingWeightRule.Stated("actual", new BigDecimal("160")),
                        true,
                        START,
                        overrides,
                        eligible(),
                        List.of(),
                        new DosingWeightRule.Body(
                                List.of(new DosingWeightRule.Weighing(
                                        START.minus(Duration.ofDays(3)), BigDecimal.valueOf(80))),
                                List.of(),
                                "male"),
                        null,
                        List.of());

        List<Finding> findings = RULES.check(facts);

        if (expected.equals("accepted")) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.ruleId()).isEqualTo(rule);
                assertThat(f.message()).endsWith(expected);
            });
        }
    }

    @ParameterizedTest(name = "screening {0} -> {1}")
    @CsvSource(
            nullValues = "none",
            value = {
                "eligible, none",
                "eligible-with-precautions, none",
                "deferred, SESSION-ELIGIBLE-SCREENING",
                "not-eligible, SESSION-ELIGIBLE-SCREENING",
                "incomplete, SESSION-ELIGIBLE-SCREENING"
            })
    void theCurrentScreeningMustAllowTreatment(String outcome, String rule) {
        SessionFacts eligible = iv(IV, "0.5", List.of(), Map.of());
        SessionFacts facts = new SessionFacts(
                eligible.esketamine(),
                eligible.routeCode(),
                eligible.doseMg(),
                eligible.dosePerKg(),
                eligible.dosingWeight(),
                eligible.completed(),
                eligible.start(),
                eligible.overrides(),
                List.of(new CurrentScreening.Screening(
                        "Observation/s", START.minus(Duration.ofDays(1)), EligibilityOutcome.fromCode(outcome))),
                eligible.otherSessionStarts(),
                eligible.body(),
                eligible.monitoringMinutes(),
                eligible.suicideRiskAlerts());

        assertThat(rules(RULES.check(facts))).isEqualTo(rule == null ? List.of() : List.of(rule));
    }

    @org.junit.jupiter.api.Test
    void aClinicThatMarksTheDosingWeightRuleSoftAllowsAnOverrideWithAReason() {
        SessionRules soft = new SessionRules(
                RuleSettings.with(
                        "ketamine.rules.session",
                        SessionSettings.class,
                        Map.of("ketamine.rules.session.overridable-rules", "SESSION-DOSING-WEIGHT")),
                RuleSettings.defaults("ketamine.rules.eligibility", EligibilitySettings.class),
                RuleSettings.defaults("ketamine.rules.dosing-weight", DosingWeightSettings.class),
                RuleSettings.defaults("ketamine.rules.psychiatric-safety", PsychiatricSafetySettings.class));
        SessionFacts weighedAtHome = new SessionFacts(
                false,
                IV,
                new BigDecimal("40"),
                new BigDecimal("0.5"),
                new DosingWeightRule.Stated("actual", new BigDecimal("80")),
                true,
                START,
                Map.of("SESSION-DOSING-WEIGHT", "weighed at home today"),
                eligible(),
                List.of(),
                new DosingWeightRule.Body(List.of(), List.of(), "male"),
                null,
                List.of());

        assertThat(soft.check(weighedAtHome)).isEmpty();
        assertThat(rules(RULES.check(weighedAtHome))).containsExactly("SESSION-DOSING-WEIGHT");
    }

    @ParameterizedTest(name = "{0} alert, {1}, identified {2} before the session -> {3}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			suicide-risk-phq9-item9 | preliminary      | P30D     | SUICIDE-RISK-REVIEW
			suicide-risk-high       | preliminary      | PT0S     | SUICIDE-RISK-REVIEW
			suicide-risk-high       | preliminary      | PT1H     | SUICIDE-RISK-REVIEW
			suicide-risk-high       | registered       | P1D      | SUICIDE-RISK-REVIEW
			suicide-risk-high       | preliminary      | none     | SUICIDE-RISK-REVIEW
			suicide-risk-high       | preliminary      | P30DT1S  | none
			suicide-risk-high       | preliminary      | -PT1S    | none
			suicide-risk-high       | final            | P1D      | none
			suicide-risk-high       | amended          | P1D      | none
			suicide-risk-high       | entered-in-error | P1D      | none
			suicide-risk-high       | cancelled        | P1D      | none
			suicide-risk-moderate   | preliminary      | P1D      | none
			sedation-deep           | preliminary      | P1D      | none
			""")
    void noSessionWhileAHighSuicideRiskAlertOfTheLast30DaysIsUnreviewed(
            String code, String status, String before, String rule) {
        SessionFacts eligible = iv(IV, "0.5", List.of(), Map.of());
        SuicideRiskAlert alert = new SuicideRiskAlert(
                "DetectedIssue/a1", code, status, before == null ? null : START.minus(Duration.parse(before)));

        List<Finding> findings = RULES.check(withAlerts(eligible, List.of(alert)));

        assertThat(rules(findings)).isEqualTo(rule == null ? List.of() : List.of(rule));
        if (rule != null) {
            assertThat(findings.get(0).message()).contains("30 days").contains("DetectedIssue/a1");
        }
    }

    @org.junit.jupiter.api.Test
    void theReviewRuleHoldsForEsketamineToo() {
        SuicideRiskAlert alert =
                new SuicideRiskAlert("DetectedIssue/a2", "suicide-risk-phq9-item9", "preliminary", START);

        assertThat(rules(RULES.check(withAlerts(esketamine(NASAL, 56, false, null), List.of(alert)))))
                .containsExactly("SUICIDE-RISK-REVIEW");
    }

    private static SessionFacts withAlerts(SessionFacts facts, List<SuicideRiskAlert> alerts) {
        return new SessionFacts(
                facts.esketamine(),
                facts.routeCode(),
                facts.doseMg(),
                facts.dosePerKg(),
                facts.dosingWeight(),
                facts.completed(),
                facts.start(),
                facts.overrides(),
                facts.screenings(),
                facts.otherSessionStarts(),
                facts.body(),
                facts.monitoringMinutes(),
                alerts);
    }

    @org.junit.jupiter.api.Test
    void esketamineIsFixedDoseSoItsDosingWeightIsNotChecked() {
        assertThat(RULES.check(esketamine(NASAL, 84, false, null))).isEmpty();
    }
}
