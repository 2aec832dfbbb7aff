package org.ketaminefhir.server.clinical.questionnaire;

import java.math.BigDecimal;
import java.util.Optional;
import org.ketaminefhir.server.clinical.SafetyAlert;

/**
 * The suicide-risk alerts of a questionnaire response (pure).
 *
 * <ul>
 *   <li>{@code PHQ9-ITEM9}: PHQ-9 item 9 (thoughts of self-harm, LOINC 44260-8) answered with an ordinal above
 *       {@code phq9-item9-alert-above} (0): a high alert, a C-SSRS screen is needed;
 *   <li>{@code CSSRS-RISK}: a C-SSRS screener's risk high (high alert) or moderate (moderate alert).
 * </ul>
 */
public final class SuicideRiskRules {

    public static final String ITEM9_RULE = "PHQ9-ITEM9";
    public static final String ITEM9 = "44260-8";

    private final int item9AlertAbove;

    public SuicideRiskRules(int item9AlertAbove) {
        this.item9AlertAbove = item9AlertAbove;
    }

    public Optional<SafetyAlert> item9(BigDecimal ordinal) {
        if (ordinal == null || ordinal.compareTo(BigDecimal.valueOf(item9AlertAbove)) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new SafetyAlert(
                ITEM9_RULE,
                SafetyAlert.SUICIDE_RISK_PHQ9_ITEM9,
                SafetyAlert.HIGH,
                "PHQ-9 item 9 (thoughts of self-harm) answered "
                        + ordinal.stripTrailingZeros().toPlainString() + ", above " + item9AlertAbove
                        + ": a C-SSRS screen is needed"));
    }

    public static Optional<SafetyAlert> cssrs(CssrsRisk.Risk risk) {
        return switch (risk) {
            case HIGH ->
                Optional.of(new SafetyAlert(
                        CssrsRisk.RULE,
                        SafetyAlert.SUICIDE_RISK_HIGH,
                        SafetyAlert.HIGH,
                        "C-SSRS screener: high risk (intent, plan with intent, or recent suicidal behaviour)"));
            case MODERATE ->
                Optional.of(new SafetyAlert(
                        CssrsRisk.RULE,
                        SafetyAlert.SUICIDE_RISK_MODERATE,
                        SafetyAlert.MODERATE,
                        "C-SSRS screener: moderate risk (a yes answer without intent, plan or recent behaviour)"));
            case LOW -> Optional.empty();
        };
    }
}
