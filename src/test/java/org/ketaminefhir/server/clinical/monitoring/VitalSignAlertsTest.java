package org.ketaminefhir.server.clinical.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.support.RuleSettings;

/** The vital-sign alert levels as a table, on the shipped defaults: each at, below and above its threshold. */
class VitalSignAlertsTest {

	private static final VitalSignAlerts ALERTS = new VitalSignAlerts(
			RuleSettings.defaults("ketamine.rules.vitals", VitalSignLimits.class),
			RuleSettings.defaults("ketamine.rules.predose-blood-pressure", PreDoseBloodPressure.class));

	@ParameterizedTest(name = "{0} pre-dose={1} {2}/{3} -> {4}")
	@CsvSource(nullValues = "none", value = {
		"BLOOD_PRESSURE, true, 140, 90, none",
		"BLOOD_PRESSURE, true, 141, 90, VITALS-PREDOSE-BP",
		"BLOOD_PRESSURE, true, 140.2, 90, VITALS-PREDOSE-BP",
		"BLOOD_PRESSURE, true, 140, 91, VITALS-PREDOSE-BP",
		"BLOOD_PRESSURE, false, 179, 109, none",
		"BLOOD_PRESSURE, false, 180, 100, VITALS-SESSION-BP",
		"BLOOD_PRESSURE, false, 150, 110, VITALS-SESSION-BP",
		"BLOOD_PRESSURE, false, 170, 95, none",
		"HEART_RATE, false, 110, none, none",
		"HEART_RATE, false, 111, none, VITALS-HEART-RATE",
		"HEART_RATE, false, 50, none, none",
		"HEART_RATE, false, 49, none, VITALS-HEART-RATE",
		"OXYGEN_SATURATION, false, 92, none, none",
		"OXYGEN_SATURATION, false, 91, none, VITALS-SPO2",
		"RESPIRATORY_RATE, false, 10, none, none",
		"RESPIRATORY_RATE, false, 9, none, VITALS-RESPIRATORY-RATE",
		"RESPIRATORY_RATE, false, 24, none, none",
		"RESPIRATORY_RATE, false, 25, none, VITALS-RESPIRATORY-RATE"
	})
	void alertLevels(VitalSignAlerts.Kind kind, boolean predose, BigDecimal value, BigDecimal diastolic, String rule) {
		var alerts = ALERTS.check(kind, predose, value, diastolic);

		if (rule == null) {
			assertThat(alerts).isEmpty();
		} else {
			assertThat(alerts).singleElement().extracting(VitalSignAlerts.Alert::ruleId).isEqualTo(rule);
		}
	}
}
