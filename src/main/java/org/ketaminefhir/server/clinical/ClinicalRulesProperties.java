package org.ketaminefhir.server.clinical;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every clinical threshold the rules use, under {@code ketamine.rules}. The defaults, with the source of each, are in
 * application.yaml; a clinic's medical director signs them off and overrides them there or by environment variable.
 */
@ConfigurationProperties(prefix = "ketamine.rules")
public class ClinicalRulesProperties {

	private final Eligibility eligibility = new Eligibility();
	private final Session session = new Session();
	private final Vitals vitals = new Vitals();
	private final Map<String, Protocol> protocols = new LinkedHashMap<>();
	private final Map<String, Integer> remissionMaxScore = new LinkedHashMap<>();
	private BigDecimal responseMinDrop = new BigDecimal("0.50");
	private int baselineWindowDays = 14;
	private String clinicTimeZone = "UTC";
	private String sessionStartTime = "09:00";

	/** The clinic's time zone, for the dates of generated plans. */
	public String getClinicTimeZone() {
		return clinicTimeZone;
	}

	public void setClinicTimeZone(String clinicTimeZone) {
		this.clinicTimeZone = clinicTimeZone;
	}

	/** Local start time of planned sessions (HH:mm). */
	public String getSessionStartTime() {
		return sessionStartTime;
	}

	public void setSessionStartTime(String sessionStartTime) {
		this.sessionStartTime = sessionStartTime;
	}

	public Eligibility getEligibility() {
		return eligibility;
	}

	public Session getSession() {
		return session;
	}

	public Vitals getVitals() {
		return vitals;
	}

	public Map<String, Protocol> getProtocols() {
		return protocols;
	}

	/** Per instrument (LOINC or IG code): the highest total that counts as remission. */
	public Map<String, Integer> getRemissionMaxScore() {
		return remissionMaxScore;
	}

	/** Fraction of the baseline score a response must drop by. */
	public BigDecimal getResponseMinDrop() {
		return responseMinDrop;
	}

	public void setResponseMinDrop(BigDecimal responseMinDrop) {
		this.responseMinDrop = responseMinDrop;
	}

	/** The baseline is the last score at most this many days before the first session. */
	public int getBaselineWindowDays() {
		return baselineWindowDays;
	}

	public void setBaselineWindowDays(int baselineWindowDays) {
		this.baselineWindowDays = baselineWindowDays;
	}

	public static class Eligibility {
		private List<String> absoluteContraindications = new ArrayList<>();
		private List<String> relativeContraindications = new ArrayList<>();
		private List<String> interactingMedications = new ArrayList<>();
		private List<String> notEligiblePregnancyStatuses = new ArrayList<>();
		private int minAdequateTrials = 2;
		private int predoseSystolicAbove = 140;
		private int predoseDiastolicAbove = 90;
		private int screeningValidDays = 90;

		public List<String> getAbsoluteContraindications() {
			return absoluteContraindications;
		}

		public void setAbsoluteContraindications(List<String> v) {
			this.absoluteContraindications = v;
		}

		public List<String> getRelativeContraindications() {
			return relativeContraindications;
		}

		public void setRelativeContraindications(List<String> v) {
			this.relativeContraindications = v;
		}

		public List<String> getInteractingMedications() {
			return interactingMedications;
		}

		public void setInteractingMedications(List<String> v) {
			this.interactingMedications = v;
		}

		public List<String> getNotEligiblePregnancyStatuses() {
			return notEligiblePregnancyStatuses;
		}

		public void setNotEligiblePregnancyStatuses(List<String> v) {
			this.notEligiblePregnancyStatuses = v;
		}

		public int getMinAdequateTrials() {
			return minAdequateTrials;
		}

		public void setMinAdequateTrials(int v) {
			this.minAdequateTrials = v;
		}

		public int getPredoseSystolicAbove() {
			return predoseSystolicAbove;
		}

		public void setPredoseSystolicAbove(int v) {
			this.predoseSystolicAbove = v;
		}

		public int getPredoseDiastolicAbove() {
			return predoseDiastolicAbove;
		}

		public void setPredoseDiastolicAbove(int v) {
			this.predoseDiastolicAbove = v;
		}

		public int getScreeningValidDays() {
			return screeningValidDays;
		}

		public void setScreeningValidDays(int v) {
			this.screeningValidDays = v;
		}
	}

	public static class Session {
		/** Per route (SNOMED CT code): the allowed racemic ketamine dose per kg, inclusive. */
		private Map<String, DoseRange> dosePerKgByRoute = new LinkedHashMap<>();
		private List<Integer> esketamineDosesMg = new ArrayList<>(List.of(28, 56, 84));
		private int minIntervalHours = 48;
		private int esketamineMinMonitoringMinutes = 120;
		private List<String> overridableRules = new ArrayList<>();

		public Map<String, DoseRange> getDosePerKgByRoute() {
			return dosePerKgByRoute;
		}

		public List<Integer> getEsketamineDosesMg() {
			return esketamineDosesMg;
		}

		public void setEsketamineDosesMg(List<Integer> v) {
			this.esketamineDosesMg = v;
		}

		public int getMinIntervalHours() {
			return minIntervalHours;
		}

		public void setMinIntervalHours(int v) {
			this.minIntervalHours = v;
		}

		public int getEsketamineMinMonitoringMinutes() {
			return esketamineMinMonitoringMinutes;
		}

		public void setEsketamineMinMonitoringMinutes(int v) {
			this.esketamineMinMonitoringMinutes = v;
		}

		public List<String> getOverridableRules() {
			return overridableRules;
		}

		public void setOverridableRules(List<String> v) {
			this.overridableRules = v;
		}
	}

	public static class DoseRange {
		private BigDecimal min;
		private BigDecimal max;

		public BigDecimal getMin() {
			return min;
		}

		public void setMin(BigDecimal min) {
			this.min = min;
		}

		public BigDecimal getMax() {
			return max;
		}

		public void setMax(BigDecimal max) {
			this.max = max;
		}
	}

	public static class Vitals {
		private int predoseSystolicAbove = 140;
		private int predoseDiastolicAbove = 90;
		private int sessionSystolicAtLeast = 180;
		private int sessionDiastolicAtLeast = 110;
		private int heartRateAbove = 110;
		private int heartRateBelow = 50;
		private int oxygenSaturationBelow = 92;
		private int respiratoryRateBelow = 10;
		private int respiratoryRateAbove = 24;

		public int getPredoseSystolicAbove() {
			return predoseSystolicAbove;
		}

		public void setPredoseSystolicAbove(int v) {
			this.predoseSystolicAbove = v;
		}

		public int getPredoseDiastolicAbove() {
			return predoseDiastolicAbove;
		}

		public void setPredoseDiastolicAbove(int v) {
			this.predoseDiastolicAbove = v;
		}

		public int getSessionSystolicAtLeast() {
			return sessionSystolicAtLeast;
		}

		public void setSessionSystolicAtLeast(int v) {
			this.sessionSystolicAtLeast = v;
		}

		public int getSessionDiastolicAtLeast() {
			return sessionDiastolicAtLeast;
		}

		public void setSessionDiastolicAtLeast(int v) {
			this.sessionDiastolicAtLeast = v;
		}

		public int getHeartRateAbove() {
			return heartRateAbove;
		}

		public void setHeartRateAbove(int v) {
			this.heartRateAbove = v;
		}

		public int getHeartRateBelow() {
			return heartRateBelow;
		}

		public void setHeartRateBelow(int v) {
			this.heartRateBelow = v;
		}

		public int getOxygenSaturationBelow() {
			return oxygenSaturationBelow;
		}

		public void setOxygenSaturationBelow(int v) {
			this.oxygenSaturationBelow = v;
		}

		public int getRespiratoryRateBelow() {
			return respiratoryRateBelow;
		}

		public void setRespiratoryRateBelow(int v) {
			this.respiratoryRateBelow = v;
		}

		public int getRespiratoryRateAbove() {
			return respiratoryRateAbove;
		}

		public void setRespiratoryRateAbove(int v) {
			this.respiratoryRateAbove = v;
		}
	}

	/** A schedulable treatment protocol (code from the IG's treatment-protocol CodeSystem). */
	public static class Protocol {
		private String product;
		private String route;
		private BigDecimal dosePerKg;
		private List<Integer> doseMgBySession = new ArrayList<>();
		private int durationMinutes = 40;
		private int inductionSessions;
		private int maxSessionsPerWeek;
		private int maintenanceIntervalWeeks;

		public String getProduct() {
			return product;
		}

		public void setProduct(String product) {
			this.product = product;
		}

		public String getRoute() {
			return route;
		}

		public void setRoute(String route) {
			this.route = route;
		}

		public BigDecimal getDosePerKg() {
			return dosePerKg;
		}

		public void setDosePerKg(BigDecimal dosePerKg) {
			this.dosePerKg = dosePerKg;
		}

		public List<Integer> getDoseMgBySession() {
			return doseMgBySession;
		}

		public void setDoseMgBySession(List<Integer> doseMgBySession) {
			this.doseMgBySession = doseMgBySession;
		}

		public int getDurationMinutes() {
			return durationMinutes;
		}

		public void setDurationMinutes(int durationMinutes) {
			this.durationMinutes = durationMinutes;
		}

		public int getInductionSessions() {
			return inductionSessions;
		}

		public void setInductionSessions(int inductionSessions) {
			this.inductionSessions = inductionSessions;
		}

		public int getMaxSessionsPerWeek() {
			return maxSessionsPerWeek;
		}

		public void setMaxSessionsPerWeek(int maxSessionsPerWeek) {
			this.maxSessionsPerWeek = maxSessionsPerWeek;
		}

		public int getMaintenanceIntervalWeeks() {
			return maintenanceIntervalWeeks;
		}

		public void setMaintenanceIntervalWeeks(int maintenanceIntervalWeeks) {
			this.maintenanceIntervalWeeks = maintenanceIntervalWeeks;
		}
	}
}
