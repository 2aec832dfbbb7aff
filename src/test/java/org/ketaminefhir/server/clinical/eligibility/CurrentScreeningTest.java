package org.ketaminefhir.server.clinical.eligibility;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * "The patient's current screening" as a table: screenings as {@code time-before-the-session:outcome} (ISO durations;
 * negative is after the session; outcome "none" for one not evaluated), with 90 days of validity.
 */
class CurrentScreeningTest {

    private static final Instant SESSION = Instant.parse("2026-03-02T09:00:00Z");

    private static List<CurrentScreening.Screening> screenings(String spec) {
        List<CurrentScreening.Screening> screenings = new ArrayList<>();
        int n = 0;
        for (String item : spec.trim().split(" ")) {
            if (item.isEmpty()) {
                continue;
            }
            String[] parts = item.split(":");
            Instant when = SESSION.minus(Duration.parse(parts[0]));
            EligibilityOutcome outcome = parts[1].equals("none") ? null : EligibilityOutcome.fromCode(parts[1]);
            screenings.add(new CurrentScreening.Screening("Observation/s" + n++, when, outcome));
        }
        return screenings;
    }

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
			one eligible                        | P3D:eligible                                    | Observation/s0 |
			with precautions                    | P3D:eligible-with-precautions                   | Observation/s0 |
			a later not-eligible blocks         | P5D:eligible P2D:not-eligible                    |                | is not-eligible
			a later deferred blocks             | P5D:eligible P2D:deferred                        |                | is deferred
			a later incomplete blocks           | P5D:eligible P2D:incomplete                      |                | is incomplete
			a later eligible licenses again     | P5D:not-eligible P2D:eligible                    | Observation/s1 |
			order of the list does not matter   | P2D:not-eligible P5D:eligible                    |                | is not-eligible
			after the session does not count    | P5D:eligible -PT1H:not-eligible                 | Observation/s0 |
			not evaluated does not count        | P5D:eligible P2D:none                            | Observation/s0 |
			only not evaluated                  | P2D:none                                        |                | no evaluated screening
			none at all                         | ''                                             |                | no evaluated screening
			exactly 90 days                     | P90D:eligible                                   | Observation/s0 |
			90 days and a second                | P90DT1S:eligible                                |                | more than 90 days
			older eligible behind a stale later | P100D:eligible P95D:eligible                     |                | more than 90 days
			same moment: the more severe        | P2D:eligible P2D:not-eligible                    |                | is not-eligible
			at the very moment of the session  | PT0S:eligible                                  | Observation/s0 |
			""")
    void theLatestEvaluatedScreeningDecides(String name, String spec, String licensing, String refusal) {
        CurrentScreening.Decision decision = CurrentScreening.at(SESSION, screenings(spec == null ? "" : spec), 90);

        if (licensing != null) {
            assertThat(decision.allowsTreatment()).isTrue();
            assertThat(decision.licensing())
                    .get()
                    .extracting(CurrentScreening.Screening::id)
                    .isEqualTo(licensing);
            assertThat(decision.deciding()).isEqualTo(decision.licensing());
        } else {
            assertThat(decision.allowsTreatment()).isFalse();
            assertThat(decision.refusal()).contains(refusal);
            assertThat(decision.deciding().isPresent())
                    .as("a screening decided")
                    .isEqualTo(!refusal.contains("no evaluated screening"));
        }
    }
}
