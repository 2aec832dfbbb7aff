package org.ketaminefhir.server.clinical.plan;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.eligibility.EligibilityOutcome;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.plan.QuestionnaireSchedule.Changes;
import org.ketaminefhir.server.clinical.plan.QuestionnaireSchedule.Due;
import org.ketaminefhir.server.clinical.plan.QuestionnaireSchedule.Schedule;
import org.ketaminefhir.server.clinical.plan.QuestionnaireSchedule.Stored;
import org.ketaminefhir.server.clinical.plan.QuestionnaireSchedule.Unit;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.support.RuleSettings;

/** The questionnaire Tasks a plan's measurement schedule calls for, and how the stored Tasks are kept to it. */
class QuestionnaireScheduleTest {

    private static final LocalDate MON = LocalDate.parse("2026-01-05");
    private static final String PHQ9 = "https://ketaminefhir.org/ig/Questionnaire/phq-9";
    private static final String GAD7 = "https://ketaminefhir.org/ig/Questionnaire/gad-7";
    private static final PsychiatricSafetySettings SETTINGS =
            RuleSettings.defaults("ketamine.rules.psychiatric-safety", PsychiatricSafetySettings.class);

    private static List<LocalDate> dates(String text) {
        return text == null || text.isBlank()
                ? List.of()
                : Arrays.stream(text.trim().split("\\s+")).map(LocalDate::parse).toList();
    }

    @ParameterizedTest(name = "start {0}, end {1}, count {2}, every {3} {4} x{5} -> {6}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			2026-01-05 | 2026-01-19 | none | 1 | WEEK  | 1 | 2026-01-05 2026-01-12 2026-01-19
			2026-01-05 | 2026-01-18 | none | 1 | WEEK  | 1 | 2026-01-05 2026-01-12
			2026-01-05 | none       | 2    | 1 | WEEK  | 1 | 2026-01-05 2026-01-12
			2026-01-05 | 2026-01-12 | 5    | 1 | WEEK  | 1 | 2026-01-05 2026-01-12
			2026-01-05 | 2026-01-26 | none | 2 | WEEK  | 1 | 2026-01-05 2026-01-19
			2026-01-05 | 2026-01-08 | none | 1 | DAY   | 1 | 2026-01-05 2026-01-06 2026-01-07 2026-01-08
			2026-01-05 | 2026-01-12 | none | 1 | WEEK  | 2 | 2026-01-05 2026-01-08 2026-01-11
			2026-01-31 | 2026-04-30 | none | 1 | MONTH | 1 | 2026-01-31 2026-02-28 2026-03-31 2026-04-30
			2026-01-05 | 2026-01-19 | none | 0 | none  | 1 | 2026-01-05
			""")
    void theMeasurementDatesOfASchedule(
            LocalDate start, LocalDate end, Integer count, int every, Unit unit, int frequency, String expected) {
        assertThat(QuestionnaireSchedule.dates(new Schedule(start, end, count, every, unit, frequency, List.of()), 12))
                .isEqualTo(dates(expected));
    }

    @Test
    void anOpenEndedScheduleRunsForTheConfiguredWeeks() {
        List<LocalDate> weekly =
                QuestionnaireSchedule.dates(new Schedule(MON, null, null, 1, Unit.WEEK, 1, List.of()), 12);

        assertThat(weekly).hasSize(12).startsWith(MON).endsWith(MON.plusWeeks(11));
        assertThat(QuestionnaireSchedule.dates(new Schedule(MON, null, null, 1, Unit.DAY, 1, List.of()), 1))
                .hasSize(7);
    }

    @Test
    void listedEventsAreTheDatesInOrderOnce() {
        assertThat(QuestionnaireSchedule.dates(
                        new Schedule(null, null, null, 0, null, 1, dates("2026-02-01 2026-01-20 2026-02-01")), 12))
                .isEqualTo(dates("2026-01-20 2026-02-01"));
        assertThat(QuestionnaireSchedule.dates(Schedule.once(MON), 12)).containsExactly(MON);
        assertThat(QuestionnaireSchedule.dates(new Schedule(null, null, null, 1, Unit.WEEK, 1, List.of()), 12))
                .isEmpty();
    }

    @Test
    void aRunawayScheduleIsCutOff() {
        assertThat(QuestionnaireSchedule.dates(
                        new Schedule(MON, MON.plusYears(10), null, 1, Unit.DAY, 1, List.of()), 12))
                .hasSize(QuestionnaireSchedule.MAX_DATES);
    }

    @Test
    void oneTaskPerDateAndQuestionnaireDueTheConfiguredDaysLater() {
        List<Due> due = QuestionnaireSchedule.tasks(List.of(PHQ9, GAD7), dates("2026-01-05 2026-01-12"), 7);

        assertThat(due)
                .containsExactly(
                        new Due(PHQ9, MON, LocalDate.parse("2026-01-12")),
                        new Due(GAD7, MON, LocalDate.parse("2026-01-12")),
                        new Due(PHQ9, LocalDate.parse("2026-01-12"), LocalDate.parse("2026-01-19")),
                        new Due(GAD7, LocalDate.parse("2026-01-12"), LocalDate.parse("2026-01-19")));
    }

    @Test
    void theStoredTasksAreKeptToTheSchedule() {
        List<Due> wanted = QuestionnaireSchedule.tasks(List.of(PHQ9), dates("2026-01-05 2026-01-12"), 7);

        // Nothing stored: create both.
        assertThat(QuestionnaireSchedule.changes(wanted, List.of())).isEqualTo(new Changes(wanted, List.of()));
        // The same plan written again: nothing to do, whether the Tasks are open or answered.
        assertThat(QuestionnaireSchedule.changes(
                        wanted,
                        List.of(
                                new Stored("Task/1", PHQ9, MON, false),
                                new Stored("Task/2", PHQ9, LocalDate.parse("2026-01-12"), true))))
                .isEqualTo(new Changes(List.of(), List.of()));
        // The plan moved a week on: create the new date, cancel the open Task of the date no longer scheduled, leave
        // the
        // answered one alone.
        List<Due> moved = QuestionnaireSchedule.tasks(List.of(PHQ9), dates("2026-01-12 2026-01-19"), 7);
        assertThat(QuestionnaireSchedule.changes(
                        moved,
                        List.of(
                                new Stored("Task/1", PHQ9, MON, false),
                                new Stored("Task/2", PHQ9, LocalDate.parse("2026-01-12"), true),
                                new Stored("Task/3", GAD7, LocalDate.parse("2026-01-12"), true))))
                .isEqualTo(new Changes(List.of(moved.get(1)), List.of("Task/3")));
        // A plan no longer active wants nothing: every open Task is cancelled.
        assertThat(QuestionnaireSchedule.changes(List.of(), List.of(new Stored("Task/2", PHQ9, MON, true))))
                .isEqualTo(new Changes(List.of(), List.of("Task/2")));
    }

    /** The plan $ketamine-plan makes: its measurement names the configured Questionnaires, weekly to its end. */
    @Test
    void aPlanMadeByTheServerAsksForPhq9AndGad7WeeklyUntilItsMeasurementEnds() {
        IgTerms terms = new IgTerms(ImplementationGuidePackage.fromClasspath(FhirContext.forR4Cached()));
        PlanSettings plan = RuleSettings.defaults("ketamine.rules.plan", PlanSettings.class);
        TreatmentPlan treatment = TreatmentPlanning.plan(
                new TreatmentPlanning.Request(
                        "Patient/p",
                        MON,
                        "iv-racemic",
                        plan.protocols().get("iv-racemic"),
                        EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY)),
                new PlanFacts(
                        List.of(new CurrentScreening.Screening(
                                "Observation/s",
                                MON.minusDays(3).atStartOfDay().toInstant(java.time.ZoneOffset.UTC),
                                EligibilityOutcome.ELIGIBLE)),
                        java.util.Map.of()),
                TreatmentPlanning.Rules.of(
                        plan,
                        RuleSettings.defaults("ketamine.rules.eligibility", EligibilitySettings.class),
                        RuleSettings.defaults("ketamine.rules.session", SessionSettings.class)));
        CarePlan carePlan = new TreatmentPlanCarePlan(terms, SETTINGS.measurementQuestionnaires()).of(treatment);
        carePlan.setStatus(CarePlan.CarePlanStatus.ACTIVE);

        List<Due> wanted = QuestionnaireTaskInterceptor.wanted(carePlan, terms, SETTINGS);

        LocalDate from = treatment.measurement().from();
        LocalDate to = treatment.measurement().to();
        long weeks = java.time.temporal.ChronoUnit.WEEKS.between(from, to) + 1;
        assertThat(wanted).hasSize((int) (2 * weeks));
        assertThat(wanted.get(0)).isEqualTo(new Due(PHQ9, from, from.plusDays(7)));
        assertThat(wanted.get(1)).isEqualTo(new Due(GAD7, from, from.plusDays(7)));
        assertThat(wanted).allSatisfy(due -> assertThat(due.from()).isBetween(from, to));
    }

    @Test
    void aMeasurementNamingNoQuestionnaireOfTheIgAsksForNone() {
        IgTerms terms = new IgTerms(ImplementationGuidePackage.fromClasspath(FhirContext.forR4Cached()));
        CarePlan example = org.ketaminefhir.server.support.FhirServerTestBase.FHIR
                .newJsonParser()
                .parseResource(
                        CarePlan.class,
                        org.ketaminefhir.server.support.IgExamples.get("CarePlan", "iv-plan")
                                .json());

        assertThat(QuestionnaireTaskInterceptor.wanted(example, terms, SETTINGS))
                .as("the IG's example plan states PHQ-9 and GAD-7 in words only")
                .isEmpty();
        CarePlan.CarePlanActivityDetailComponent measurement = example.getActivity().stream()
                .map(CarePlan.CarePlanActivityComponent::getDetail)
                .filter(d -> d.getCode().getCodingFirstRep().getCode().equals("measurement"))
                .findFirst()
                .orElseThrow();
        measurement.addInstantiatesCanonical("https://example.org/Questionnaire/other");
        assertThat(QuestionnaireTaskInterceptor.wanted(example, terms, SETTINGS))
                .isEmpty();
        measurement.addInstantiatesCanonical(PHQ9);
        // Open-ended (weekly from 2 January, no end): the configured 12 weeks.
        assertThat(QuestionnaireTaskInterceptor.wanted(example, terms, SETTINGS))
                .hasSize(12)
                .first()
                .isEqualTo(new Due(PHQ9, LocalDate.parse("2026-01-02"), LocalDate.parse("2026-01-09")));
        measurement.setStatus(CarePlan.CarePlanActivityStatus.STOPPED);
        assertThat(QuestionnaireTaskInterceptor.wanted(example, terms, SETTINGS))
                .isEmpty();
    }
}
