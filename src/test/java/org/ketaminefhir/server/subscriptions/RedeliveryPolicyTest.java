package org.ketaminefhir.server.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The documented retry policy (2 s, doubling, at most 5 min apart, for 24 h) at its edges. */
class RedeliveryPolicyTest {

    private static final RedeliveryPolicy SHIPPED =
            new RedeliveryPolicy(Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofHours(24));
    private static final Instant FIRST = Instant.parse("2026-12-01T10:00:00Z");

    @ParameterizedTest(name = "failure {0} at +{1}: next in {2}")
    @CsvSource(delimiter = '|', nullValues = "never", textBlock = """
			1  | PT0S        | PT2S
			2  | PT2S        | PT4S
			3  | PT6S        | PT8S
			8  | PT10M       | PT4M16S
			9  | PT20M       | PT5M
			30 | PT5H        | PT5M
			40 | PT23H59M59S | PT5M
			41 | PT24H       | never
			""")
    void waitsDoubleUpToTheMaximumUntilTheGiveUpTime(int failures, String sinceFirst, String wait) {
        Instant now = FIRST.plus(Duration.parse(sinceFirst));

        var next = SHIPPED.nextAttempt(failures, FIRST, now);

        if (wait == null) {
            assertThat(next).isEmpty();
        } else {
            assertThat(next).contains(now.plus(Duration.parse(wait)));
        }
    }
}
