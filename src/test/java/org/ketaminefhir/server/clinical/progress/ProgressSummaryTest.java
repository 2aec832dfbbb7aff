package org.ketaminefhir.server.clinical.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.clinical.progress.ProgressMeasures.Score;
import org.ketaminefhir.server.support.RuleSettings;

/** The summary made from a patient's facts: what counts as completed, the dose, side effects, and the first session. */
class ProgressSummaryTest {

    private static final ProgressSettings SETTINGS =
            RuleSettings.defaults("ketamine.rules.progress", ProgressSettings.class);
    private static final Coding PHQ9 = new Coding("http://loinc.org", "44261-6", "PHQ-9");
    private static final String SNOMED = "http://snomed.info/sct";

    private static ProgressFacts.Session session(String start, boolean completed, String phase, String mg) {
        return new ProgressFacts.Session(
                Instant.parse(start), completed, phase, mg == null ? null : new BigDecimal(mg));
    }

    private static Score score(String when, int value) {
        return new Score(Instant.parse(when), value, when);
    }

    private static ProgressFacts facts(
            List<ProgressFacts.Session> sessions, List<Coding> sideEffects, List<String> issues) {
        return new ProgressFacts(
                List.of(new ProgressFacts.Instrument(
                        PHQ9, List.of(score("2026-03-01T10:00:00Z", 20), score("2026-03-10T10:00:00Z", 4)))),
                sessions,
                sideEffects,
                issues,
                List.of(
                        Instant.parse("2026-03-02T09:00:00Z"),
                        Instant.parse("2026-03-04T09:00:00Z"),
                        Instant.parse("2026-03-06T09:00:00Z")),
                List.of(new ProgressMeasures.Maintenance(3, LocalDate.parse("2026-03-27"))));
    }

    @Test
    void onlyCompletedSessionsCountPerPhaseAndInTheDose() {
        ProgressSummary summary = ProgressSummary.of(
                facts(
                        List.of(
                                session("2026-03-02T09:00:00Z", true, "induction", "40"),
                                session("2026-03-04T09:00:00Z", true, "induction", null),
                                session("2026-03-06T09:00:00Z", false, "induction", "40"),
                                session("2026-03-27T09:00:00Z", true, "maintenance", "42.5"),
                                session("2026-03-30T09:00:00Z", true, null, "40")),
                        List.of(),
                        List.of()),
                SETTINGS);

        assertThat(summary.sessionsCompleted())
                .containsExactly(Map.entry("induction", 2), Map.entry("maintenance", 1), Map.entry("unknown", 1));
        assertThat(summary.cumulativeDoseMg()).isEqualByComparingTo("122.5");
    }

    @Test
    void theFirstSessionStartsTreatmentEvenIfNotCompletedAndTheLastCompletedSetsWhatIsDue() {
        ProgressSummary summary = ProgressSummary.of(
                facts(
                        List.of(
                                session("2026-03-02T09:00:00Z", false, "induction", "40"),
                                session("2026-03-04T09:00:00Z", true, "induction", "40")),
                        List.of(),
                        List.of()),
                SETTINGS);

        ProgressMeasures.Assessment phq9 = summary.instruments().get(0).assessment();
        assertThat(phq9.baseline()).get().extracting(Score::value).isEqualTo(20);
        assertThat(phq9.verdict())
                .get()
                .extracting(ProgressMeasures.Verdict::remission)
                .isEqualTo(true);
        assertThat(summary.nextSessionDue()).hasValue(Instant.parse("2026-03-06T09:00:00Z"));
    }

    @Test
    void beforeAnySessionThereIsNoVerdictAndTheFirstPlannedSessionIsDue() {
        ProgressSummary summary = ProgressSummary.of(facts(List.of(), List.of(), List.of()), SETTINGS);

        assertThat(summary.instruments().get(0).assessment().verdict()).isEmpty();
        assertThat(summary.sessionsCompleted()).isEmpty();
        assertThat(summary.cumulativeDoseMg()).isEqualByComparingTo("0");
        assertThat(summary.nextSessionDue()).hasValue(Instant.parse("2026-03-02T09:00:00Z"));
    }

    @Test
    void sideEffectsAreCountedPerFindingInOrderOfSystemAndCode() {
        Coding nausea = new Coding(SNOMED, "422587007", "Nausea");
        Coding dissociation =
                new Coding("https://ketaminefhir.org/ig/CodeSystem/ketamine-observation-codes", "dissociation", null);
        ProgressSummary summary = ProgressSummary.of(
                facts(
                        List.of(),
                        List.of(nausea, dissociation, nausea.copy(), new Coding(SNOMED, "25064002", "Headache")),
                        List.of("DetectedIssue/1")),
                SETTINGS);

        assertThat(summary.sideEffects())
                .extracting(s -> s.finding().getCode() + "=" + s.count())
                .containsExactly("25064002=1", "422587007=2", "dissociation=1");
        assertThat(summary.openSafetyIssues()).containsExactly("DetectedIssue/1");
    }
}
