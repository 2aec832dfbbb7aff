package org.ketaminefhir.server.clinical.plan;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.plan.PlanSettings.Protocol;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * Makes a treatment plan from the clinician's request and the patient's {@link PlanFacts}, as a pure function: the
 * screening current at the first session (see {@link CurrentScreening}) must allow treatment; the induction sessions
 * are dated by {@link InductionSchedule}; a fixed-dose protocol's doses are stated in mg/kg of the baseline weight on
 * that screening; maintenance follows the last induction session and rating scales stay weekly until the configured
 * number of weeks after it. A request the rules refuse throws {@link Refused}, naming the rule.
 */
public final class TreatmentPlanning {

    public static final String NO_ELIGIBLE_SCREENING = "PLAN-ELIGIBLE-SCREENING";
    public static final String UNSCHEDULABLE = "PLAN-UNSCHEDULABLE";
    public static final String NO_WEIGHT = "PLAN-BASELINE-WEIGHT";

    /**
     * What the clinician asks for: a plan for the patient from {@code start} on the protocol, on these treatment days.
     */
    public record Request(
            String patient, LocalDate start, String protocolCode, Protocol protocol, Set<DayOfWeek> treatmentDays) {}

    /**
     * The clinic's settings a plan follows.
     *
     * @param zone the clinic's time zone
     * @param sessionStart local start time of planned sessions
     * @param minIntervalHours minimum hours between two sessions
     * @param screeningValidDays how long the latest evaluated screening stays current
     * @param measurementWeeksAfterInduction weeks after induction that rating scales stay weekly
     * @param mgPerDevice mg of esketamine per nasal spray device
     */
    public record Rules(
            ZoneId zone,
            LocalTime sessionStart,
            int minIntervalHours,
            int screeningValidDays,
            int measurementWeeksAfterInduction,
            int mgPerDevice) {

        public static Rules of(PlanSettings plan, EligibilitySettings eligibility, SessionSettings session) {
            return new Rules(
                    plan.zone(),
                    plan.startTime(),
                    session.minIntervalHours(),
                    eligibility.screeningValidDays(),
                    plan.measurementWeeksAfterInduction(),
                    session.esketamine().mgPerDevice());
        }
    }

    /** The rules refused the request: the finding names the rule, what is wrong and where. */
    public static final class Refused extends RuntimeException {

        private final transient Finding finding;

        Refused(String rule, String message, String location) {
            super(rule + ": " + message);
            this.finding = new Finding(rule, message, location);
        }

        public Finding finding() {
            return finding;
        }
    }

    private TreatmentPlanning() {}

    public static TreatmentPlan plan(Request request, PlanFacts facts, Rules rules) {
        Protocol protocol = request.protocol();
        Instant firstSession = at(request.start(), rules);
        CurrentScreening.Decision current =
                CurrentScreening.at(firstSession, facts.screenings(), rules.screeningValidDays());
        if (!current.allowsTreatment()) {
            throw new Refused(
                    NO_ELIGIBLE_SCREENING,
                    "no current eligible screening for " + request.patient() + " at " + firstSession + ": "
                            + current.refusal(),
                    "Patient");
        }
        String screening = current.licensing().get().id();
        List<LocalDate> dates;
        try {
            dates = InductionSchedule.dates(
                    request.start(),
                    protocol.inductionSessions(),
                    protocol.maxSessionsPerWeek(),
                    request.treatmentDays(),
                    rules.minIntervalHours());
        } catch (IllegalArgumentException e) {
            throw new Refused(UNSCHEDULABLE, e.getMessage(), "Parameters.parameter.where(name='treatmentDay')");
        }
        BigDecimal weight = facts.baselineWeights().get(screening);
        if (!protocol.perKg() && weight == null) {
            throw new Refused(
                    NO_WEIGHT,
                    "the screening links no baseline body weight, needed to state " + request.protocolCode()
                            + "'s fixed doses in mg/kg",
                    "Observation.hasMember");
        }

        List<TreatmentPlan.Session> induction = new ArrayList<>();
        for (int i = 0; i < dates.size(); i++) {
            Instant start = at(dates.get(i), rules);
            induction.add(new TreatmentPlan.Session(
                    start,
                    start.plus(Duration.ofMinutes(protocol.durationMinutes())),
                    dosePerKg(protocol, i, weight),
                    description(protocol, i, rules)));
        }
        LocalDate lastSession = dates.get(dates.size() - 1);
        int interval = protocol.maintenanceIntervalWeeks();
        TreatmentPlan.Maintenance maintenance = new TreatmentPlan.Maintenance(
                lastSession.plusWeeks(interval),
                interval,
                dosePerKg(protocol, dates.size() - 1, weight),
                "Maintenance every " + interval
                        + " week(s), adjusted to the least frequent schedule that keeps the response");
        TreatmentPlan.Measurement measurement = new TreatmentPlan.Measurement(
                request.start(),
                lastSession.plusWeeks(rules.measurementWeeksAfterInduction()),
                "PHQ-9 and GAD-7 weekly, from the start of" + " induction to " + rules.measurementWeeksAfterInduction()
                        + " weeks after its end");
        String description = "Generated by $ketamine-plan: protocol " + request.protocolCode() + ", " + dates.size()
                + " induction sessions on "
                + request.treatmentDays().stream()
                        .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH))
                        .toList();
        return new TreatmentPlan(
                request.patient(),
                screening,
                request.start(),
                request.protocolCode(),
                protocol,
                request.treatmentDays(),
                description,
                induction,
                maintenance,
                measurement);
    }

    /** A planned day at the clinic's session start time. */
    private static Instant at(LocalDate day, Rules rules) {
        return day.atTime(rules.sessionStart()).atZone(rules.zone()).toInstant();
    }

    /** mg/kg of a session: the protocol's, or, for a fixed-dose protocol, the session's dose over the baseline weight. */
    private static BigDecimal dosePerKg(Protocol protocol, int session, BigDecimal weight) {
        return protocol.perKg()
                ? protocol.dosePerKg()
                : BigDecimal.valueOf(protocol.doseMg(session)).divide(weight, 2, RoundingMode.HALF_UP);
    }

    private static String description(Protocol protocol, int session, Rules rules) {
        if (protocol.perKg()) {
            return protocol.dosePerKg() + " mg/kg over " + protocol.durationMinutes() + " minutes";
        }
        int dose = protocol.doseMg(session);
        return dose + " mg (" + dose / rules.mgPerDevice() + " devices), then at least " + protocol.durationMinutes()
                + " minutes of monitoring";
    }
}
