package org.ketaminefhir.server.clinical.monitoring;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * {@value #ALERT_REVIEW}: a suicide-risk alert is reviewed (set to {@code final}, or {@code amended} / {@code corrected},
 * the other statuses that say a result stands) only with a mitigation that says what was done, when, and by whom: an
 * action from the IG's {@code suicide-risk-review} ValueSet, a date, and a Practitioner as author. The review is what
 * lets the patient's next session be given (rule SUICIDE-RISK-REVIEW); recording who reviewed it and what they did is
 * the point of the review.
 */
public class AlertReviewRule {

    public static final String ALERT_REVIEW = "ALERT-REVIEW";

    /** The DetectedIssue statuses that mark an alert as reviewed. */
    public static final Set<String> REVIEWED = Set.of("final", "amended", "corrected");

    /**
     * One mitigation of the alert.
     *
     * @param actions the action's codings, as {@code system|code}
     * @param dated whether it states a date
     * @param author its author's reference ({@code Practitioner/123}), or null
     */
    public record Mitigation(List<String> actions, boolean dated, String author) {}

    private final Set<String> reviewActions;

    /** @param reviewActions the codes of the suicide-risk-review ValueSet, as {@code system|code} */
    public AlertReviewRule(Set<String> reviewActions) {
        this.reviewActions = Set.copyOf(reviewActions);
    }

    /**
     * @param status the alert's status as written (a DetectedIssue status code)
     * @param mitigations its mitigations
     */
    public Optional<Finding> check(String status, List<Mitigation> mitigations) {
        if (!REVIEWED.contains(status) || mitigations.stream().anyMatch(this::complete)) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                ALERT_REVIEW,
                "a suicide-risk alert is set to " + status + " only with a mitigation recording what was done (action"
                        + " from the suicide-risk-review ValueSet: safety-plan, level-of-care-decided, crisis-referral"
                        + " or no-change), when (date) and by whom (author: a Practitioner)",
                "DetectedIssue.mitigation"));
    }

    private boolean complete(Mitigation mitigation) {
        return mitigation.actions().stream().anyMatch(reviewActions::contains)
                && mitigation.dated()
                && mitigation.author() != null
                && mitigation.author().matches("(.*/)?Practitioner/[A-Za-z0-9\\-.]{1,64}");
    }
}
