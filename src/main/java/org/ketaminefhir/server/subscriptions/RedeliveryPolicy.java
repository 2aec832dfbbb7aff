package org.ketaminefhir.server.subscriptions;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed notification is tried again: {@code firstDelay} after the first failure, then each wait twice the
 * last, at most {@code maxDelay}; none once {@code giveUpAfter} has passed since the first failure.
 */
public record RedeliveryPolicy(Duration firstDelay, Duration maxDelay, Duration giveUpAfter) {

    public static RedeliveryPolicy of(AlertSubscriptionSettings.Redelivery settings) {
        return new RedeliveryPolicy(settings.firstDelay(), settings.maxDelay(), settings.giveUpAfter());
    }

    /**
     * @param failures     how many attempts have failed so far (1 after the first failure)
     * @param firstFailure when the first attempt failed
     * @param now          now
     * @return when to try next, or empty to give up
     */
    public Optional<Instant> nextAttempt(int failures, Instant firstFailure, Instant now) {
        if (!now.isBefore(firstFailure.plus(giveUpAfter))) {
            return Optional.empty();
        }
        Duration wait = firstDelay;
        for (int i = 1; i < failures && wait.compareTo(maxDelay) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        if (wait.compareTo(maxDelay) > 0) {
            wait = maxDelay;
        }
        return Optional.of(now.plus(wait));
    }
}
