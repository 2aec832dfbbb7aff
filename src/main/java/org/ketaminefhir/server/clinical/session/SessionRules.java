package org.ketaminefhir.server.clinical.session;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.SafetyAlert;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * The rules a ketamine session must pass when it is written. Soft rules (configured as overridable) give way to a
 * clinician's documented override on the session; hard rules never do.
 */
public class SessionRules {

    public static final String SCREENING = "SESSION-ELIGIBLE-SCREENING";
    public static final String DOSE_PER_KG = "SESSION-DOSE-PER-KG";
    public static final String DOSING_WEIGHT = "SESSION-DOSING-WEIGHT";
    public static final String ESKETAMINE_DOSE = "SESSION-ESKETAMINE-DOSE";
    public static final String MIN_INTERVAL = "SESSION-MIN-INTERVAL";
    public static final String ESKETAMINE_MONITORING = "SESSION-ESKETAMINE-MONITORING";
    public static final String SUICIDE_RISK_REVIEW = "SUICIDE-RISK-REVIEW";
    /** Every session rule id: the only ids the overridable list may name. */
    public static final Set<String> IDS = Set.of(
            SCREENING,
            DOSE_PER_KG,
            DOSING_WEIGHT,
            ESKETAMINE_DOSE,
            MIN_INTERVAL,
            ESKETAMINE_MONITORING,
            SUICIDE_RISK_REVIEW);

    static final String IDS_TEXT = SCREENING + ", " + DOSE_PER_KG + ", " + DOSING_WEIGHT + ", " + ESKETAMINE_DOSE + ", "
            + MIN_INTERVAL + ", " + ESKETAMINE_MONITORING + ", " + SUICIDE_RISK_REVIEW;

    /** The DetectedIssue statuses of an alert nobody has reviewed yet. */
    static final Set<String> UNREVIEWED = Set.of("preliminary", "registered");

    private static final String NASAL = "46713006";

    private final SessionSettings config;
    private final EligibilitySettings eligibility;
    private final DosingWeightRule dosingWeight;
    private final PsychiatricSafetySettings psychiatric;

    public SessionRules(
            SessionSettings config,
            EligibilitySettings eligibility,
            DosingWeightSettings dosingWeight,
            PsychiatricSafetySettings psychiatric) {
        this.config = config;
        this.eligibility = eligibility;
        this.dosingWeight = new DosingWeightRule(dosingWeight);
        this.psychiatric = psychiatric;
    }

    public List<Finding> check(SessionFacts session) {
        List<Finding> findings = new ArrayList<>();
        checkScreening(session, findings);
        if (session.esketamine()) {
            checkEsketamineDose(session, findings);
        } else {
            checkDosePerKg(session, findings);
            dosingWeight
                    .problem(session.dosingWeight(), session.start(), session.body())
                    .ifPresent(problem ->
                            findings.add(new Finding(DOSING_WEIGHT, problem, "MedicationAdministration.dosage")));
        }
        checkInterval(session, findings);
        checkSuicideRiskReview(session, findings);
        if (session.esketamine() && session.completed()) {
            checkMonitoring(session, findings);
        }
        return findings.stream()
                .filter(f -> !overridden(f, session))
                .map(f -> explainOverride(f, session))
                .toList();
    }

    private void checkScreening(SessionFacts session, List<Finding> findings) {
        CurrentScreening.Decision current =
                CurrentScreening.at(session.start(), session.screenings(), eligibility.screeningValidDays());
        if (!current.allowsTreatment()) {
            findings.add(new Finding(
                    SCREENING,
                    "no current eligible screening: " + current.refusal(),
                    "MedicationAdministration.subject"));
        }
    }

    private void checkEsketamineDose(SessionFacts session, List<Finding> findings) {
        SessionSettings.Esketamine esketamine = config.esketamine();
        boolean allowedDose = session.doseMg() != null
                && esketamine.dosesMg().stream()
                        .anyMatch(mg -> BigDecimal.valueOf(mg).compareTo(session.doseMg()) == 0);
        if (!allowedDose || !NASAL.equals(session.routeCode())) {
            findings.add(new Finding(
                    ESKETAMINE_DOSE,
                    "esketamine must be " + esketamine.dosesMg() + " mg intranasal; got " + session.doseMg()
                            + " mg by route " + session.routeCode(),
                    "MedicationAdministration.dosage"));
        }
    }

    private void checkDosePerKg(SessionFacts session, List<Finding> findings) {
        SessionSettings.DoseRange range = config.dosePerKgByRoute().get(session.routeCode());
        if (range == null) {
            findings.add(new Finding(
                    DOSE_PER_KG,
                    "no dose range is configured for route " + session.routeCode(),
                    "MedicationAdministration.dosage.route"));
        } else if (!range.contains(session.dosePerKg())) {
            findings.add(new Finding(
                    DOSE_PER_KG,
                    "dose " + session.dosePerKg() + " mg/kg is outside " + range.min() + "-" + range.max()
                            + " mg/kg for route " + session.routeCode(),
                    "MedicationAdministration.dosage"));
        }
    }

    private void checkInterval(SessionFacts session, List<Finding> findings) {
        Duration min = Duration.ofHours(config.minIntervalHours());
        for (Instant other : session.otherSessionStarts()) {
            Duration gap = Duration.between(other, session.start()).abs();
            if (gap.compareTo(min) < 0) {
                findings.add(new Finding(
                        MIN_INTERVAL,
                        "another session starts " + gap.toMinutes() + " minutes apart (at " + other
                                + "); the minimum interval is " + config.minIntervalHours() + " hours",
                        "MedicationAdministration.effectivePeriod"));
                return;
            }
        }
    }

    /**
     * No session while a high suicide-risk alert (PHQ-9 item 9, C-SSRS high) identified within the look-back period
     * before the session start (inclusive; an alert that says no time counts) is unreviewed. Alerts raised after the
     * session started do not hold it back (a session recorded afterwards, or completed later).
     */
    private void checkSuicideRiskReview(SessionFacts session, List<Finding> findings) {
        Instant from = session.start().minus(psychiatric.reviewLookBack());
        List<String> unreviewed = session.suicideRiskAlerts().stream()
                .filter(alert -> SafetyAlert.SUICIDE_RISK_NEEDING_REVIEW.contains(alert.code())
                        && UNREVIEWED.contains(alert.status())
                        && (alert.identified() == null
                                || (!alert.identified().isBefore(from)
                                        && !alert.identified().isAfter(session.start()))))
                .map(SuicideRiskAlert::id)
                .toList();
        if (!unreviewed.isEmpty()) {
            findings.add(new Finding(
                    SUICIDE_RISK_REVIEW,
                    "the patient has a high suicide-risk alert from the " + psychiatric.reviewLookBackText()
                            + " before the session that no clinician has reviewed (" + String.join(", ", unreviewed)
                            + "); review it first: status final with a mitigation (action, date, author)",
                    "MedicationAdministration.subject"));
        }
    }

    private void checkMonitoring(SessionFacts session, List<Finding> findings) {
        Long minutes = session.monitoringMinutes();
        int needed = config.esketamine().minMonitoringMinutes();
        if (minutes == null || minutes < needed) {
            findings.add(new Finding(
                    ESKETAMINE_MONITORING,
                    "an esketamine session completes only after at least " + needed
                            + " minutes of monitoring; recorded: " + (minutes == null ? "none" : minutes + " minutes"),
                    "MedicationAdministration.status"));
        }
    }

    private boolean overridden(Finding finding, SessionFacts session) {
        String reason = session.overrides().get(finding.ruleId());
        return reason != null && !reason.isBlank() && config.overridableRules().contains(finding.ruleId());
    }

    private Finding explainOverride(Finding finding, SessionFacts session) {
        if (!session.overrides().containsKey(finding.ruleId())) {
            return finding;
        }
        String why = config.overridableRules().contains(finding.ruleId())
                ? " (an override needs a reason)"
                : " (this rule cannot be overridden)";
        return new Finding(finding.ruleId(), finding.message() + why, finding.location());
    }
}
