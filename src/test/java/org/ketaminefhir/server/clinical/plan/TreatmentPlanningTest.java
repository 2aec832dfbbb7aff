package org.ketaminefhir.server.clinical.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.eligibility.EligibilityOutcome;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.support.RuleSettings;

/** The plan made from a request and the chart's facts, as tables on the shipped protocols and defaults. */
class TreatmentPlanningTest {

    private static final PlanSettings PLAN = RuleSettings.defaults("ketamine.rules.plan", PlanSettings.class);
    private static final TreatmentPlanning.Rules RULES = TreatmentPlanning.Rules.of(
            PLAN,
            RuleSettings.defaults("ketamine.rules.eligibility", EligibilitySettings.class),
            RuleSettings.defaults("ketamine.rules.session", SessionSettings.class));
    private static final String SCREENING = "Observation/s1";

    private static PlanFacts screened(String when, EligibilityOutcome outcome, String kg) {
        return new PlanFacts(
                List.of(new CurrentScreening.Screening(SCREENING, Instant.parse(when), outcome)),
                kg == null ? Map.of() : Map.of(SCREENING, new BigDecimal(kg)));
    }

    private static TreatmentPlan plan(String start, String protocol, PlanFacts facts, String days) {
        Set<DayOfWeek> treatmentDays = TreatmentDays.parse(Arrays.asList(days.split(",")));
        return TreatmentPlanning.plan(
                new TreatmentPlanning.Request(
                        "Patient/p1",
                        LocalDate.parse(start),
                        protocol,
                        PLAN.protocols().get(protocol),
                        treatmentDays),
                facts,
                RULES);
    }

    private static List<String> dates(TreatmentPlan plan) {
        return plan.induction().stream()
                .map(s -> s.start().toString().substring(0, 10))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
			IV racemic three a week                 | iv-racemic            | 2026-01-05 | mon,wed,fri | 80 | 2026-01-05 2026-01-07 2026-01-09 2026-01-12 2026-01-14 2026-01-16 | 2026-02-06 | 3
			starting mid-week                       | iv-racemic            | 2026-01-08 | mon,wed,fri | 80 | 2026-01-09 2026-01-12 2026-01-14 2026-01-16 2026-01-19 2026-01-21 | 2026-02-11 | 3
			the interval skips a day too soon       | iv-racemic            | 2026-01-05 | tue,wed,thu | 80 | 2026-01-06 2026-01-08 2026-01-13 2026-01-15 2026-01-20 2026-01-22 | 2026-02-12 | 3
			esketamine twice a week for four weeks  | esketamine-intranasal | 2026-01-05 | mon,wed,fri | 70 | 2026-01-05 2026-01-07 2026-01-12 2026-01-14 2026-01-19 2026-01-21 2026-01-26 2026-01-28 | 2026-02-04 | 1
			IM racemic twice a week                 | im-racemic            | 2026-01-05 | mon,wed,fri | 80 | 2026-01-05 2026-01-07 2026-01-12 2026-01-14 2026-01-19 2026-01-21 | 2026-02-11 | 3
			""")
    void inductionDatesAndMaintenance(
            String name,
            String protocol,
            String start,
            String days,
            String kg,
            String induction,
            String maintenanceFrom,
            int everyWeeks) {
        TreatmentPlan plan =
                plan(start, protocol, screened("2026-01-02T11:00:00Z", EligibilityOutcome.ELIGIBLE, kg), days);

        assertThat(dates(plan)).containsExactly(induction.split(" "));
        assertThat(plan.maintenance().from()).hasToString(maintenanceFrom);
        assertThat(plan.maintenance().everyWeeks()).isEqualTo(everyWeeks);
        assertThat(plan.measurement().from()).hasToString(start);
        assertThat(plan.measurement().to())
                .isEqualTo(LocalDate.parse(induction.substring(induction.lastIndexOf(' ') + 1))
                        .plusWeeks(4));
        assertThat(plan.screening()).isEqualTo(SCREENING);
    }

    @Test
    void ivSessionsAreAtTheClinicsStartTimeForTheProtocolsMinutesAndDose() {
        TreatmentPlan plan = plan(
                "2026-01-05",
                "iv-racemic",
                screened("2026-01-02T11:00:00Z", EligibilityOutcome.ELIGIBLE, null),
                "mon,wed,fri");

        TreatmentPlan.Session first = plan.induction().get(0);
        assertThat(first.start()).isEqualTo(Instant.parse("2026-01-05T09:00:00Z"));
        assertThat(first.end()).isEqualTo(Instant.parse("2026-01-05T09:40:00Z"));
        assertThat(first.dosePerKg()).isEqualByComparingTo("0.5");
        assertThat(first.description()).isEqualTo("0.5 mg/kg over 40 minutes");
        assertThat(plan.maintenance().dosePerKg()).isEqualByComparingTo("0.5");
        assertThat(plan.description())
                .isEqualTo("Generated by $ketamine-plan: protocol iv-racemic, 6 induction sessions on [Mon, Wed, Fri]");
        assertThat(plan.measurement().description())
                .isEqualTo("PHQ-9 and GAD-7 weekly, from the start of induction to 4 weeks after its end");
    }

    @ParameterizedTest(name = "{0} kg: session {1} is {2} mg/kg")
    @CsvSource(delimiter = '|', textBlock = """
			70 | 1 | 0.80 | 56 mg (2 devices), then at least 120 minutes of monitoring
			70 | 2 | 1.20 | 84 mg (3 devices), then at least 120 minutes of monitoring
			70 | 8 | 1.20 | 84 mg (3 devices), then at least 120 minutes of monitoring
			90 | 1 | 0.62 | 56 mg (2 devices), then at least 120 minutes of monitoring
			""")
    void fixedEsketamineDosesAreStatedPerKgOfTheBaselineWeight(
            String kg, int session, String perKg, String description) {
        TreatmentPlan plan = plan(
                "2026-01-05",
                "esketamine-intranasal",
                screened("2026-01-02T11:00:00Z", EligibilityOutcome.ELIGIBLE, kg),
                "mon,wed,fri");

        assertThat(plan.induction().get(session - 1).dosePerKg()).isEqualByComparingTo(perKg);
        assertThat(plan.induction().get(session - 1).description()).isEqualTo(description);
        assertThat(plan.maintenance().dosePerKg())
                .isEqualByComparingTo(plan.induction().get(7).dosePerKg());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
			not eligible                          | 2026-01-02T11:00:00Z | NOT_ELIGIBLE              | 2026-01-05 | iv-racemic            | mon,wed,fri | 80   | PLAN-ELIGIBLE-SCREENING
			deferred                              | 2026-01-02T11:00:00Z | DEFERRED                  | 2026-01-05 | iv-racemic            | mon,wed,fri | 80   | PLAN-ELIGIBLE-SCREENING
			screened after the first session      | 2026-01-05T10:00:00Z | ELIGIBLE                  | 2026-01-05 | iv-racemic            | mon,wed,fri | 80   | PLAN-ELIGIBLE-SCREENING
			90 days and a day old                 | 2025-10-01T09:00:00Z | ELIGIBLE                  | 2025-12-31 | iv-racemic            | mon,wed,fri | 80   | PLAN-ELIGIBLE-SCREENING
			90 days old is still current          | 2025-10-01T09:00:00Z | ELIGIBLE                  | 2025-12-30 | iv-racemic            | mon,wed,fri | 80   | none
			with precautions is eligible          | 2026-01-02T11:00:00Z | ELIGIBLE_WITH_PRECAUTIONS | 2026-01-05 | iv-racemic            | mon,wed,fri | 80   | none
			esketamine without a baseline weight  | 2026-01-02T11:00:00Z | ELIGIBLE                  | 2026-01-05 | esketamine-intranasal | mon,wed,fri | none | PLAN-BASELINE-WEIGHT
			IV without a baseline weight          | 2026-01-02T11:00:00Z | ELIGIBLE                  | 2026-01-05 | iv-racemic            | mon,wed,fri | none | none
			""")
    void refusals(
            String name,
            String screened,
            EligibilityOutcome outcome,
            String start,
            String protocol,
            String days,
            String kg,
            String rule) {
        PlanFacts facts = screened(screened, outcome, kg);
        if (rule == null) {
            assertThat(plan(start, protocol, facts, days).induction()).isNotEmpty();
        } else {
            assertThatThrownBy(() -> plan(start, protocol, facts, days))
                    .isInstanceOfSatisfying(
                            TreatmentPlanning.Refused.class,
                            r -> assertThat(r.finding().ruleId()).isEqualTo(rule));
        }
    }

    @Test
    void aLaterScreeningThatIsNotEligibleBlocks() {
        PlanFacts facts = new PlanFacts(
                List.of(
                        new CurrentScreening.Screening(
                                "Observation/a", Instant.parse("2026-01-02T11:00:00Z"), EligibilityOutcome.ELIGIBLE),
                        new CurrentScreening.Screening(
                                "Observation/b",
                                Instant.parse("2026-01-04T11:00:00Z"),
                                EligibilityOutcome.NOT_ELIGIBLE)),
                Map.of("Observation/a", new BigDecimal(80)));

        assertThatThrownBy(() -> plan("2026-01-05", "iv-racemic", facts, "mon,wed,fri"))
                .isInstanceOf(TreatmentPlanning.Refused.class)
                .hasMessageContaining("PLAN-ELIGIBLE-SCREENING")
                .hasMessageContaining("not-eligible");
    }

    @Test
    void theWeightIsTheOneOnTheLicensingScreening() {
        PlanFacts facts = new PlanFacts(
                List.of(
                        new CurrentScreening.Screening(
                                "Observation/old", Instant.parse("2025-12-01T11:00:00Z"), EligibilityOutcome.ELIGIBLE),
                        new CurrentScreening.Screening(
                                "Observation/new", Instant.parse("2026-01-02T11:00:00Z"), EligibilityOutcome.ELIGIBLE)),
                Map.of("Observation/old", new BigDecimal(56), "Observation/new", new BigDecimal(70)));

        TreatmentPlan plan = plan("2026-01-05", "esketamine-intranasal", facts, "mon,wed,fri");

        assertThat(plan.screening()).isEqualTo("Observation/new");
        assertThat(plan.induction().get(0).dosePerKg()).isEqualByComparingTo("0.80");
    }

    @Test
    void daysThatCannotHoldTheSeriesAreUnschedulable() {
        PlanFacts facts = screened("2026-01-02T11:00:00Z", EligibilityOutcome.ELIGIBLE, "80");

        assertThatThrownBy(() -> TreatmentPlanning.plan(
                        new TreatmentPlanning.Request(
                                "Patient/p1",
                                LocalDate.parse("2026-01-05"),
                                "iv-racemic",
                                PLAN.protocols().get("iv-racemic"),
                                EnumSet.noneOf(DayOfWeek.class)),
                        facts,
                        RULES))
                .isInstanceOfSatisfying(TreatmentPlanning.Refused.class, r -> {
                    assertThat(r.finding().ruleId()).isEqualTo(TreatmentPlanning.UNSCHEDULABLE);
                    assertThat(r.finding().location()).isEqualTo("Parameters.parameter.where(name='treatmentDay')");
                });
    }
}
