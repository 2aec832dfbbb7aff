package org.ketaminefhir.server.clinical.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/** QR-REQUIRED (honouring enableWhen) and QR-ANSWER. */
class ResponseCheckTest {

    private static List<Finding> check(String questionnaire, QuestionnaireResponse response) {
        return ResponseCheck.check(new ResponseItems(Responses.questionnaire(questionnaire), response));
    }

    @Test
    void aCompletePhq9Passes() {
        assertThat(check("phq-9", Responses.scored("phq-9", 0, 1, 2, 3, 0, 1, 2, 3, 1)))
                .isEmpty();
    }

    @Test
    void aMissingScoredItemIsNamed() {
        assertThat(check("phq-9", Responses.scored("phq-9", 0, 1, 2, 3, 0, 1, 2, 3, -1)))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.ruleId()).isEqualTo("QR-REQUIRED");
                    assertThat(f.message()).contains("44260-8");
                });
    }

    /** C-SSRS recent: Q1, Q2, Q6 always; Q3-Q5 only after Q2 yes; Q6b only after Q6 yes. */
    @ParameterizedTest(name = "{0}: missing {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "93246-7=N,93247-5=N,93267-3=N; ",
                "93246-7=N,93247-5=N; 93267-3",
                "93246-7=N,93247-5=Y,93267-3=N; 93248-3, 93249-1, 93250-9",
                "93246-7=N,93247-5=Y,93248-3=N,93249-1=N,93250-9=N,93267-3=N; ",
                "93246-7=N,93247-5=N,93267-3=Y; 93269-9",
                "93246-7=N,93247-5=N,93267-3=Y,93269-9=N; ",
                "; 93246-7, 93247-5, 93267-3"
            })
    void requiredItemsHonourEnableWhen(String answers, String missing) {
        QuestionnaireResponse response = Responses.response("cssrs-screener-recent");
        if (answers != null) {
            for (String pair : answers.split(",")) {
                String[] p = pair.split("=");
                Responses.add(response, p[0], new BooleanType("Y".equals(p[1])));
            }
        }
        List<Finding> findings = check("cssrs-screener-recent", response);
        if (missing == null) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.ruleId()).isEqualTo("QR-REQUIRED");
                assertThat(f.message()).endsWith(missing);
            });
        }
    }

    @Test
    void anAnswerToADisabledItemIsRefused() {
        QuestionnaireResponse response = Responses.cssrs(
                "cssrs-screener-recent", "93246-7", false, "93247-5", false, "93248-3", true, "93267-3", false);
        assertThat(check("cssrs-screener-recent", response)).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("QR-ANSWER");
            assertThat(f.message()).contains("93248-3").contains("not enabled");
        });
    }

    @Test
    void answersOutsideTheOptionsOrOfTheWrongTypeAreRefused() {
        QuestionnaireResponse unknownCode = Responses.scored("phq-9", 0, 0, 0, 0, 0, 0, 0, 0, -1);
        Responses.add(unknownCode, "44260-8", new Coding(Responses.LOINC, "LA9999-9", null));
        assertThat(check("phq-9", unknownCode))
                .singleElement()
                .satisfies(f -> assertThat(f.toString())
                        .startsWith("QR-ANSWER: item 44260-8")
                        .contains("LA9999-9"));

        QuestionnaireResponse wrongType = Responses.scored("phq-9", 0, 0, 0, 0, 0, 0, 0, 0, -1);
        Responses.add(wrongType, "44260-8", new IntegerType(1));
        assertThat(check("phq-9", wrongType))
                .singleElement()
                .satisfies(f -> assertThat(f.toString()).contains("QR-ANSWER").contains("Coding"));

        QuestionnaireResponse notAnItem = Responses.scored("phq-9", 0, 0, 0, 0, 0, 0, 0, 0, 0);
        Responses.add(notAnItem, "made-up", new StringType("x"));
        assertThat(check("phq-9", notAnItem))
                .singleElement()
                .satisfies(f -> assertThat(f.toString()).contains("made-up").contains("not an item"));

        QuestionnaireResponse twice = Responses.scored("phq-9", 0, 0, 0, 0, 0, 0, 0, 0, 0);
        twice.getItem().get(0).addAnswer().setValue(Responses.answer(2));
        assertThat(check("phq-9", twice))
                .singleElement()
                .satisfies(f -> assertThat(f.toString()).contains("takes one answer"));
    }
}
