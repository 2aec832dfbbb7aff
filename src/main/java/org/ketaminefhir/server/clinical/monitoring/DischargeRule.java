package org.ketaminefhir.server.clinical.monitoring;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * {@value #DISCHARGE_SEDATED}: a discharge readiness recorded as ready is refused while the session's latest MOAA/S
 * (by effective time; of two at the same moment, the lower) is below the configured level. A session without a MOAA/S
 * score is not refused by this rule: nothing says the patient is sedated (the discharge's own "sedation resolved" item
 * is required by the IG).
 */
public class DischargeRule {

    public static final String DISCHARGE_SEDATED = "DISCHARGE-SEDATED";

    /** A MOAA/S score of the session and when it was taken. */
    public record MoaasScore(Instant when, int score) {}

    private final PsychiatricSafetySettings settings;

    public DischargeRule(PsychiatricSafetySettings settings) {
        this.settings = settings;
    }

    /**
     * @param ready whether the discharge readiness says the patient may go (its value)
     * @param scores the session's MOAA/S scores
     */
    public Optional<Finding> check(boolean ready, List<MoaasScore> scores) {
        if (!ready) {
            return Optional.empty();
        }
        Optional<MoaasScore> latest = latest(scores);
        if (latest.isEmpty() || latest.get().score() >= settings.dischargeMinMoaas()) {
            return Optional.empty();
        }
        return Optional.of(new Finding(
                DISCHARGE_SEDATED,
                "the session's latest MOAA/S is " + latest.get().score() + " (at "
                        + latest.get().when()
                        + "), below " + settings.dischargeMinMoaas()
                        + ": a patient still sedated is not ready for discharge; record a MOAA/S of at least "
                        + settings.dischargeMinMoaas() + " first",
                "Observation.value"));
    }

    /** The latest score by time; of two at the same moment, the lower (the more sedated). */
    static Optional<MoaasScore> latest(List<MoaasScore> scores) {
        return scores.stream()
                .max(Comparator.comparing(MoaasScore::when)
                        .thenComparing(
                                Comparator.comparingInt(MoaasScore::score).reversed()));
    }
}
