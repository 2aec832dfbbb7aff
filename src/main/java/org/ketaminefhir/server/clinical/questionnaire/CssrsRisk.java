package org.ketaminefhir.server.clinical.questionnaire;

import java.util.Map;

/**
 * The C-SSRS screener's risk (pure; a table, not a sum). High: intent without a specific plan (Q4, LOINC 93249-1) or a
 * specific plan with intent (Q5, 93250-9), or suicidal behaviour within the past three months (the recent form's Q6b,
 * 93269-9) or since the last contact (the since-last-visit form's Q6, 93267-3). Moderate: any other "yes". Low: all
 * "no". Source: CLINICAL_FACTS §3 (C-SSRS screener triage; the item codes single-source).
 */
public final class CssrsRisk {

    public static final String RULE = "CSSRS-RISK";

    public static final String Q1_WISH_DEAD = "93246-7";
    public static final String Q2_THOUGHTS = "93247-5";
    public static final String Q3_METHOD = "93248-3";
    public static final String Q4_INTENT = "93249-1";
    public static final String Q5_PLAN_INTENT = "93250-9";
    public static final String Q6_BEHAVIOUR = "93267-3";
    public static final String Q6B_BEHAVIOUR_3_MONTHS = "93269-9";

    /** The risk item of both forms (code of the IG's ketamine-observation-codes, answers of suicide-risk). */
    public static final String RISK_ITEM = "cssrs-risk";

    /** The two forms: Q6 asks about behaviour ever (recent form, with Q6b for the past three months) or since last contact. */
    public enum Form {
        RECENT("cssrs-screener-recent"),
        SINCE_LAST_VISIT("cssrs-screener-since-last-visit");

        private final String questionnaire;

        Form(String questionnaire) {
            this.questionnaire = questionnaire;
        }

        /** The id of the IG's Questionnaire. */
        public String questionnaire() {
            return questionnaire;
        }

        public static java.util.Optional<Form> of(String questionnaireId) {
            for (Form form : values()) {
                if (form.questionnaire.equals(questionnaireId)) {
                    return java.util.Optional.of(form);
                }
            }
            return java.util.Optional.empty();
        }
    }

    /** The risk levels: codes of the IG's suicide-risk CodeSystem. */
    public enum Risk {
        LOW("low"),
        MODERATE("moderate"),
        HIGH("high");

        private final String code;

        Risk(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static java.util.Optional<Risk> ofCode(String code) {
            for (Risk risk : values()) {
                if (risk.code.equals(code)) {
                    return java.util.Optional.of(risk);
                }
            }
            return java.util.Optional.empty();
        }
    }

    private CssrsRisk() {}

    /**
     * The risk from the form's answers (item code to yes/no; an item not asked or not answered counts as no).
     */
    public static Risk risk(Form form, Map<String, Boolean> answers) {
        boolean recentBehaviour =
                form == Form.RECENT ? yes(answers, Q6B_BEHAVIOUR_3_MONTHS) : yes(answers, Q6_BEHAVIOUR);
        if (yes(answers, Q4_INTENT) || yes(answers, Q5_PLAN_INTENT) || recentBehaviour) {
            return Risk.HIGH;
        }
        for (String item : new String[] {Q1_WISH_DEAD, Q2_THOUGHTS, Q3_METHOD, Q6_BEHAVIOUR, Q6B_BEHAVIOUR_3_MONTHS}) {
            if (yes(answers, item)) {
                return Risk.MODERATE;
            }
        }
        return Risk.LOW;
    }

    private static boolean yes(Map<String, Boolean> answers, String item) {
        return Boolean.TRUE.equals(answers.get(item));
    }
}
