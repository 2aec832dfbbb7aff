package org.ketaminefhir.server.clinical.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ketaminefhir.server.clinical.questionnaire.Responses.questionnaire;
import static org.ketaminefhir.server.clinical.questionnaire.Responses.scored;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/** Totals from the Questionnaire's ordinal values, the severity bands at every boundary, QR-SCORE. */
class QuestionnaireScoringTest {

    /** The bands of application.yaml (Kroenke 2001, Spitzer 2006). */
    static final ScoringSettings BANDS = new ScoringSettings(Map.of(
            "phq-9",
            List.of(
                    new ScoringSettings.Band("minimal", 0),
                    new ScoringSettings.Band("mild", 5),
                    new ScoringSettings.Band("moderate", 10),
                    new ScoringSettings.Band("moderately severe", 15),
                    new ScoringSettings.Band("severe", 20)),
            "gad-7",
            List.of(
                    new ScoringSettings.Band("minimal", 0),
                    new ScoringSettings.Band("mild", 5),
                    new ScoringSettings.Band("moderate", 10),
                    new ScoringSettings.Band("severe", 15))));

    /** Ordinals spread over the items so that they sum to the total (3 per item, the rest on the next). */
    static int[] spread(int items, int total) {
        int[] ordinals = new int[items];
        for (int i = 0; i < items; i++) {
            ordinals[i] = Math.min(3, total);
            total -= ordinals[i];
        }
        return ordinals;
    }

    @ParameterizedTest(name = "{0} total {1}: {2}")
    @CsvSource({
        "phq-9, 0, minimal",
        "phq-9, 4, minimal",
        "phq-9, 5, mild",
        "phq-9, 9, mild",
        "phq-9, 10, moderate",
        "phq-9, 14, moderate",
        "phq-9, 15, moderately severe",
        "phq-9, 19, moderately severe",
        "phq-9, 20, severe",
        "phq-9, 27, severe",
        "gad-7, 0, minimal",
        "gad-7, 4, minimal",
        "gad-7, 5, mild",
        "gad-7, 9, mild",
        "gad-7, 10, moderate",
        "gad-7, 14, moderate",
        "gad-7, 15, severe",
        "gad-7, 21, severe"
    })
    void totalsAndBands(String id, int total, String band) {
        int items = "phq-9".equals(id) ? 9 : 7;
        ResponseItems response = new ResponseItems(questionnaire(id), scored(id, spread(items, total)));
        assertThat(QuestionnaireScoring.total(response)).contains(total);
        assertThat(BANDS.band(id, total)).contains(band);
    }

    @Test
    void theWeightsComeFromTheQuestionnaire() {
        var phq9 = questionnaire("phq-9");
        phq9.getItem()
                .get(0)
                .getAnswerOption()
                .get(3)
                .getExtensionFirstRep()
                .setValue(new org.hl7.fhir.r4.model.DecimalType(7));
        ResponseItems response = new ResponseItems(phq9, scored("phq-9", 3, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(QuestionnaireScoring.total(response)).contains(7);
    }

    @Test
    void theServerComputesTheTotalItemAndRefusesAnotherOne() {
        QuestionnaireResponse answered = scored("phq-9", 1, 1, 1, 1, 1, 1, 1, 1, 1);
        ResponseItems items = new ResponseItems(questionnaire("phq-9"), answered);
        List<QuestionnaireScoring.Computed> computed = QuestionnaireScoring.computed(items, "phq-9", "x");
        assertThat(computed).singleElement().satisfies(c -> {
            assertThat(c.linkId()).isEqualTo("44261-6");
            assertThat(c.text()).isEqualTo("9");
        });
        assertThat(QuestionnaireScoring.disagreements(items, computed)).isEmpty();

        Responses.add(answered, "44261-6", new IntegerType(9));
        items = new ResponseItems(questionnaire("phq-9"), answered);
        assertThat(QuestionnaireScoring.disagreements(items, computed)).isEmpty();

        answered.getItem().get(9).getAnswerFirstRep().setValue(new IntegerType(12));
        items = new ResponseItems(questionnaire("phq-9"), answered);
        List<Finding> findings = QuestionnaireScoring.disagreements(items, computed);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("QR-SCORE");
            assertThat(f.message()).contains("12").contains("9").contains("44261-6");
        });
    }

    @Test
    void theDifficultyItemIsNotScored() {
        QuestionnaireResponse answered = scored("phq-9", 2, 0, 0, 0, 0, 0, 0, 0, 0);
        Responses.add(
                answered,
                "69722-7",
                new org.hl7.fhir.r4.model.Coding(Responses.IG + "CodeSystem/phq-difficulty", "very-difficult", null));
        assertThat(QuestionnaireScoring.total(new ResponseItems(questionnaire("phq-9"), answered)))
                .contains(2);
    }

    @Test
    void bandsMustStartAtZeroAndRise() {
        assertThat(BANDS.isAscending()).isTrue();
        assertThat(new ScoringSettings(Map.of("phq-9", List.of(new ScoringSettings.Band("a", 1)))).isAscending())
                .isFalse();
        assertThat(new ScoringSettings(Map.of(
                                "phq-9", List.of(new ScoringSettings.Band("a", 0), new ScoringSettings.Band("b", 0))))
                        .isAscending())
                .isFalse();
        assertThat(Arrays.stream(spread(9, 27)).sum()).isEqualTo(27);
    }
}
