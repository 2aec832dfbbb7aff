package org.ketaminefhir.server.clinical.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.SafetyAlert;
import org.ketaminefhir.server.clinical.questionnaire.CssrsRisk.Form;
import org.ketaminefhir.server.clinical.questionnaire.CssrsRisk.Risk;

/** The C-SSRS risk table and the PHQ-9 item 9 rule. */
class SuicideRiskRulesTest {

    /** Columns: form, Q1..Q5, Q6, Q6b (Y/N/- not asked), the risk. */
    @ParameterizedTest(name = "{0} {1}{2}{3}{4}{5} {6}{7}: {8}")
    @CsvSource({
        "RECENT, N, N, -, -, -, N, -, LOW",
        "RECENT, Y, N, -, -, -, N, -, MODERATE",
        "RECENT, N, Y, N, N, N, N, -, MODERATE",
        "RECENT, Y, Y, Y, N, N, N, -, MODERATE",
        "RECENT, N, Y, N, Y, N, N, -, HIGH",
        "RECENT, N, Y, N, N, Y, N, -, HIGH",
        "RECENT, Y, Y, Y, Y, Y, N, -, HIGH",
        "RECENT, N, N, -, -, -, Y, N, MODERATE",
        "RECENT, N, N, -, -, -, Y, Y, HIGH",
        "SINCE_LAST_VISIT, N, N, -, -, -, N, -, LOW",
        "SINCE_LAST_VISIT, Y, N, -, -, -, N, -, MODERATE",
        "SINCE_LAST_VISIT, N, Y, Y, N, N, N, -, MODERATE",
        "SINCE_LAST_VISIT, N, Y, N, Y, N, N, -, HIGH",
        "SINCE_LAST_VISIT, N, Y, N, N, Y, N, -, HIGH",
        "SINCE_LAST_VISIT, N, N, -, -, -, Y, -, HIGH"
    })
    void cssrsRiskTable(
            Form form, String q1, String q2, String q3, String q4, String q5, String q6, String q6b, Risk risk) {
        Map<String, Boolean> answers = new HashMap<>();
        put(answers, CssrsRisk.Q1_WISH_DEAD, q1);
        put(answers, CssrsRisk.Q2_THOUGHTS, q2);
        put(answers, CssrsRisk.Q3_METHOD, q3);
        put(answers, CssrsRisk.Q4_INTENT, q4);
        put(answers, CssrsRisk.Q5_PLAN_INTENT, q5);
        put(answers, CssrsRisk.Q6_BEHAVIOUR, q6);
        put(answers, CssrsRisk.Q6B_BEHAVIOUR_3_MONTHS, q6b);
        assertThat(CssrsRisk.risk(form, answers)).isEqualTo(risk);
        assertThat(SuicideRiskRules.cssrs(risk).map(SafetyAlert::code))
                .isEqualTo(
                        switch (risk) {
                            case HIGH -> java.util.Optional.of(SafetyAlert.SUICIDE_RISK_HIGH);
                            case MODERATE -> java.util.Optional.of(SafetyAlert.SUICIDE_RISK_MODERATE);
                            case LOW -> java.util.Optional.empty();
                        });
    }

    private static void put(Map<String, Boolean> answers, String item, String yesNo) {
        if (!"-".equals(yesNo)) {
            answers.put(item, "Y".equals(yesNo));
        }
    }

    @ParameterizedTest(name = "item 9 = {1}, alert above {0}: {2}")
    @CsvSource({"0, 0, false", "0, 1, true", "0, 3, true", "1, 1, false", "1, 2, true", "3, 3, false"})
    void item9(int above, int answer, boolean alert) {
        var rule = new SuicideRiskRules(above).item9(BigDecimal.valueOf(answer));
        assertThat(rule.isPresent()).isEqualTo(alert);
        rule.ifPresent(a -> {
            assertThat(a.ruleId()).isEqualTo("PHQ9-ITEM9");
            assertThat(a.code()).isEqualTo(SafetyAlert.SUICIDE_RISK_PHQ9_ITEM9);
            assertThat(a.severity()).isEqualTo(SafetyAlert.HIGH);
        });
    }

    @Test
    void cssrsResponsesComputeTheirRiskItem() {
        var response = Responses.cssrs(
                "cssrs-screener-recent", "93246-7", true, "93247-5", false, "93267-3", true, "93269-9", true);
        var items = new ResponseItems(Responses.questionnaire("cssrs-screener-recent"), response);
        assertThat(QuestionnaireScoring.computed(items, "cssrs-screener-recent", "x"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.linkId()).isEqualTo("cssrs-risk");
                    assertThat(c.text()).isEqualTo("high");
                    assertThat(((org.hl7.fhir.r4.model.Coding) c.value()).getSystem())
                            .isEqualTo(Responses.IG + "CodeSystem/suicide-risk");
                });
    }
}
