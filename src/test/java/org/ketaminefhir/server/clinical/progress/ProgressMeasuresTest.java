package org.ketaminefhir.server.clinical.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.support.RuleSettings;

/** Baseline, response, remission and next-session-due as tables, on the shipped defaults (14 days, 50 %). */
class ProgressMeasuresTest {

    private static final Instant FIRST_SESSION = Instant.parse("2026-03-02T09:00:00Z");
    private static final ProgressSettings SETTINGS =
            RuleSettings.defaults("ketamine.rules.progress", ProgressSettings.class);

    /** Scores as {@code offset-from-the-first-session=value} (ISO durations, negative before), oldest first. */
    private static List<ProgressMeasures.Score> series(String spec) {
        List<ProgressMeasures.Score> series = new ArrayList<>();
        for (String item : spec.trim().split(" ")) {
            String[] parts = item.split("=");
            Instant when = FIRST_SESSION.plus(Duration.parse(parts[0]));
            series.add(new ProgressMeasures.Score(when, Integer.parseInt(parts[1]), when.toString()));
        }
        series.sort(java.util.Comparator.comparing(ProgressMeasures.Score::when));
        return series;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			baseline the day before, response                 | -P1D=20 P7D=10                  | 20   | false | -10 | -50.0 | true  | false
			just under 50 % is no response                    | -P1D=20 P7D=11                  | 20   | false | -9  | -45.0 | false | false
			remission at 4 for PHQ-9                          | -P1D=20 P7D=4                   | 20   | false | -16 | -80.0 | true  | true
			5 is no remission                                 | -P1D=20 P7D=5                   | 20   | false | -15 | -75.0 | true  | false
			the last pre-treatment score is the baseline      | -P10D=24 -P1D=20 P7D=10         | 20   | false | -10 | -50.0 | true  | false
			a score at the start of the first session counts  | PT0S=20 P7D=10                  | 20   | false | -10 | -50.0 | true  | false
			exactly 14 days before counts                     | -P14D=20 P7D=10                 | 20   | false | -10 | -50.0 | true  | false
			14 days and a minute before does not              | -P14DT1M=20 P7D=10              | none | true  | none | none | none  | none
			no pre-treatment score: baseline missing          | P7D=20 P14D=9                   | none | true  | none | none | none  | none
			no follow-up score: no verdict                    | -P1D=20                         | 20   | false | none | none | none  | none
			a baseline of 0: no percent or response           | -P1D=0 P7D=3                    | 0    | false | 3   | none  | none  | true
			""")
    void baselineAndVerdict(
            String name,
            String spec,
            Integer baseline,
            boolean missing,
            Integer change,
            String percent,
            Boolean response,
            Boolean remission) {
        ProgressMeasures.Assessment assessment = ProgressMeasures.assess(series(spec), FIRST_SESSION, SETTINGS, 4);

        assertThat(assessment.baseline().map(ProgressMeasures.Score::value).orElse(null))
                .isEqualTo(baseline);
        assertThat(assessment.baselineMissing()).isEqualTo(missing);
        assertThat(assessment.verdict().map(ProgressMeasures.Verdict::change).orElse(null))
                .isEqualTo(change);
        assertThat(assessment
                        .verdict()
                        .map(v -> v.percentChange() == null
                                ? null
                                : v.percentChange().toPlainString())
                        .orElse(null))
                .isEqualTo(percent);
        assertThat(assessment.verdict().map(ProgressMeasures.Verdict::response).orElse(null))
                .isEqualTo(response);
        assertThat(assessment.verdict().map(ProgressMeasures.Verdict::remission).orElse(null))
                .isEqualTo(remission);
    }

    @Test
    void beforeAnySessionTheLatestScoreIsTheBaselineAndThereIsNoVerdict() {
        ProgressMeasures.Assessment assessment = ProgressMeasures.assess(series("-P10D=24 -P1D=20"), null, SETTINGS, 4);

        assertThat(assessment.baseline())
                .get()
                .extracting(ProgressMeasures.Score::value)
                .isEqualTo(20);
        assertThat(assessment.baselineMissing()).isFalse();
        assertThat(assessment.verdict()).isEmpty();
    }

    @Test
    void withoutARemissionScoreThereIsNoRemissionVerdict() {
        assertThat(ProgressMeasures.assess(series("-P1D=20 P7D=2"), FIRST_SESSION, SETTINGS, null)
                        .verdict())
                .get()
                .extracting(ProgressMeasures.Verdict::remission)
                .isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			nothing completed: the first planned            | none                 | 2026-03-02T09:00:00Z
			after session 2: session 3                      | 2026-03-04T09:00:00Z | 2026-03-06T09:00:00Z
			after the last induction: maintenance start     | 2026-03-13T09:00:00Z | 2026-04-03T09:00:00Z
			late in maintenance: last plus 3 weeks          | 2026-04-20T10:00:00Z | 2026-05-11T10:00:00Z
			""")
    void nextSessionDue(String name, String lastCompleted, String due) {
        List<Instant> planned =
                List.of("2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09", "2026-03-11", "2026-03-13").stream()
                        .map(d -> Instant.parse(d + "T09:00:00Z"))
                        .toList();
        List<ProgressMeasures.Maintenance> maintenance =
                List.of(new ProgressMeasures.Maintenance(3, LocalDate.parse("2026-04-03")));

        assertThat(ProgressMeasures.nextSessionDue(
                        planned, maintenance, lastCompleted == null ? null : Instant.parse(lastCompleted)))
                .hasValue(Instant.parse(due));
    }

    @Test
    void noActivePlanMeansNothingIsDue() {
        assertThat(ProgressMeasures.nextSessionDue(List.of(), List.of(), Instant.parse("2026-03-02T09:00:00Z")))
                .isEmpty();
    }
}
