package org.ketaminefhir.server.clinical.session;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ketaminefhir.server.clinical.ClinicalRulesProperties;
import org.ketaminefhir.server.clinical.RuleViolation.Finding;

/**
 * The rules a ketamine session must pass when it is written. Soft rules (configured as overridable) give way to a
 * clinician's documented override on the session; hard rules never do.
 */
public class SessionRules {

	public static final String SCREENING = "SESSION-ELIGIBLE-SCREENING";
	public static final String DOSE_PER_KG = "SESSION-DOSE-PER-KG";
	public static final String ESKETAMINE_DOSE = "SESSION-ESKETAMINE-DOSE";
	public static final String MIN_INTERVAL = "SESSION-MIN-INTERVAL";
	public static final String ESKETAMINE_MONITORING = "SESSION-ESKETAMINE-MONITORING";

	private static final String NASAL = "46713006";

	private final ClinicalRulesProperties.Eligibility eligibility;
	private final ClinicalRulesProperties.Session config;

	public SessionRules(ClinicalRulesProperties rules) {
		this.eligibility = rules.getEligibility();
		this.config = rules.getSession();
	}

	public List<Finding> check(SessionFacts session) {
		List<Finding> findings = new ArrayList<>();
		checkScreening(session, findings);
		if (session.esketamine()) {
			checkEsketamineDose(session, findings);
		} else {
			checkDosePerKg(session, findings);
		}
		checkInterval(session, findings);
		if (session.esketamine() && session.completed()) {
			checkMonitoring(session, findings);
		}
		return findings.stream().filter(f -> !overridden(f, session)).map(f -> explainOverride(f, session)).toList();
	}

	private void checkScreening(SessionFacts session, List<Finding> findings) {
		Duration validity = Duration.ofDays(eligibility.getScreeningValidDays());
		boolean current = session.eligibleScreeningDates().stream()
				.anyMatch(d -> !d.isAfter(session.start()) && Duration.between(d, session.start()).compareTo(validity) <= 0);
		if (!current) {
			findings.add(new Finding(SCREENING, "no screening with outcome eligible or eligible-with-precautions in the "
					+ eligibility.getScreeningValidDays() + " days before the session", "MedicationAdministration.subject"));
		}
	}

	private void checkEsketamineDose(SessionFacts session, List<Finding> findings) {
		boolean allowedDose = session.doseMg() != null && config.getEsketamineDosesMg().stream()
				.anyMatch(mg -> BigDecimal.valueOf(mg).compareTo(session.doseMg()) == 0);
		if (!allowedDose || !NASAL.equals(session.routeCode())) {
			findings.add(new Finding(ESKETAMINE_DOSE, "esketamine must be " + config.getEsketamineDosesMg()
					+ " mg intranasal; got " + session.doseMg() + " mg by route " + session.routeCode(), "MedicationAdministration.dosage"));
		}
	}

	private void checkDosePerKg(SessionFacts session, List<Finding> findings) {
		ClinicalRulesProperties.DoseRange range = config.getDosePerKgByRoute().get(session.routeCode());
		if (range == null) {
			findings.add(new Finding(DOSE_PER_KG, "no dose range is configured for route " + session.routeCode(),
					"MedicationAdministration.dosage.route"));
		} else if (session.dosePerKg() == null
				|| session.dosePerKg().compareTo(range.getMin()) < 0
				|| session.dosePerKg().compareTo(range.getMax()) > 0) {
			findings.add(new Finding(DOSE_PER_KG, "dose " + session.dosePerKg() + " mg/kg is outside " + range.getMin() + "-"
					+ range.getMax() + " mg/kg for route " + session.routeCode(), "MedicationAdministration.dosage"));
		}
	}

	private void checkInterval(SessionFacts session, List<Finding> findings) {
		Duration min = Duration.ofHours(config.getMinIntervalHours());
		for (Instant other : session.otherSessionStarts()) {
			Duration gap = Duration.between(other, session.start()).abs();
			if (gap.compareTo(min) < 0) {
				findings.add(new Finding(MIN_INTERVAL, "another session starts " + gap.toMinutes() + " minutes apart (at " + other
						+ "); the minimum interval is " + config.getMinIntervalHours() + " hours", "MedicationAdministration.effectivePeriod"));
				return;
			}
		}
	}

	private void checkMonitoring(SessionFacts session, List<Finding> findings) {
		Long minutes = session.monitoringMinutes();
		if (minutes == null || minutes < config.getEsketamineMinMonitoringMinutes()) {
			findings.add(new Finding(ESKETAMINE_MONITORING, "an esketamine session completes only after at least "
					+ config.getEsketamineMinMonitoringMinutes() + " minutes of monitoring; recorded: "
					+ (minutes == null ? "none" : minutes + " minutes"), "MedicationAdministration.status"));
		}
	}

	private boolean overridden(Finding finding, SessionFacts session) {
		String reason = session.overrides().get(finding.ruleId());
		return reason != null && !reason.isBlank() && config.getOverridableRules().contains(finding.ruleId());
	}

	private Finding explainOverride(Finding finding, SessionFacts session) {
		if (!session.overrides().containsKey(finding.ruleId())) {
			return finding;
		}
		String why = config.getOverridableRules().contains(finding.ruleId())
				? " (an override needs a reason)" : " (this rule cannot be overridden)";
		return new Finding(finding.ruleId(), finding.message() + why, finding.location());
	}
}
