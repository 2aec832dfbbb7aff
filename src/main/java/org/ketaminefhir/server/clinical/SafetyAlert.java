package org.ketaminefhir.server.clinical;

import java.util.Set;

/**
 * One safety alert a rule raises: the rule's id (the alert's detail starts with it), the code of the IG's
 * {@code safety-alert} CodeSystem, the DetectedIssue severity ({@code high} or {@code moderate}) and what was seen.
 */
public record SafetyAlert(String ruleId, String code, String severity, String detail) {

    public static final String HIGH = "high";
    public static final String MODERATE = "moderate";

    // Codes of the IG's safety-alert CodeSystem raised by the psychiatric safety rules (issue 22).
    public static final String SEDATION_DEEP = "sedation-deep";
    public static final String LOSS_OF_CONSCIOUSNESS = "loss-of-consciousness";
    public static final String DISSOCIATION_HIGH = "dissociation-high";
    public static final String SUICIDE_RISK_PHQ9_ITEM9 = "suicide-risk-phq9-item9";
    public static final String SUICIDE_RISK_HIGH = "suicide-risk-high";
    public static final String SUICIDE_RISK_MODERATE = "suicide-risk-moderate";

    /** The suicide-risk alerts: reviewed only with a mitigation (rule ALERT-REVIEW). */
    public static final Set<String> SUICIDE_RISK =
            Set.of(SUICIDE_RISK_PHQ9_ITEM9, SUICIDE_RISK_HIGH, SUICIDE_RISK_MODERATE);

    /** The high suicide-risk alerts: while one is unreviewed, no session is given (rule SUICIDE-RISK-REVIEW). */
    public static final Set<String> SUICIDE_RISK_NEEDING_REVIEW = Set.of(SUICIDE_RISK_PHQ9_ITEM9, SUICIDE_RISK_HIGH);

    /** The detail stored on the DetectedIssue: the rule id, then what was seen. */
    public String issueDetail() {
        return ruleId + ": " + detail;
    }
}
