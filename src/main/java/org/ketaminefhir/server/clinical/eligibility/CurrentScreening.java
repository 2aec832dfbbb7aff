package org.ketaminefhir.server.clinical.eligibility;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The patient's current screening at a moment, the one decision sessions and plans rely on: the latest evaluated
 * screening (one with an outcome) dated at or before that moment decides. It licenses treatment only if its outcome
 * allows treatment and it is at most the configured number of days old; a later deferred, incomplete or not-eligible
 * screening blocks, whatever came before it. Of two screenings at the same moment the more severe decides.
 */
public final class CurrentScreening {

    /** A screening as the decision sees it: its id, when it was done, and its outcome (null: not evaluated). */
    public record Screening(String id, Instant effective, EligibilityOutcome outcome) {}

    /**
     * The answer: the screening that licenses treatment, or why there is none.
     *
     * @param licensing the current screening, if it allows treatment
     * @param deciding the latest evaluated screening, which decided (licensing or not); empty if there is none
     * @param refusal why treatment is not licensed, if it is not
     */
    public record Decision(Optional<Screening> licensing, Optional<Screening> deciding, String refusal) {
        public boolean allowsTreatment() {
            return licensing.isPresent();
        }
    }

    private CurrentScreening() {}

    public static Decision at(Instant moment, List<Screening> screenings, int validDays) {
        Optional<Screening> latest = screenings.stream()
                .filter(s -> s.outcome() != null
                        && s.effective() != null
                        && !s.effective().isAfter(moment))
                .max(Comparator.comparing(Screening::effective)
                        .thenComparing(
                                Screening::outcome, Comparator.reverseOrder())); // most severe is first in the enum
        if (latest.isEmpty()) {
            return new Decision(Optional.empty(), Optional.empty(), "no evaluated screening on or before " + moment);
        }
        Screening current = latest.get();
        String which = "the latest evaluated screening, " + current.id() + " of " + current.effective();
        if (Duration.between(current.effective(), moment).compareTo(Duration.ofDays(validDays)) > 0) {
            return new Decision(
                    Optional.empty(), latest, which + ", is more than " + validDays + " days before " + moment);
        }
        if (!current.outcome().allowsTreatment()) {
            return new Decision(
                    Optional.empty(),
                    latest,
                    which + ", is " + current.outcome().code());
        }
        return new Decision(latest, latest, null);
    }
}
