package org.ketaminefhir.server.clinical.plan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.ketaminefhir.server.clinical.ClinicalRulesProperties;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.RuleViolation;
import org.ketaminefhir.server.clinical.eligibility.EligibilityOutcome;
import org.ketaminefhir.server.fhir.OperationProvider;

/**
 * {@code POST /Patient/{id}/$ketamine-plan} with {@code start} (date), {@code protocol} (code of the IG's
 * treatment-protocol CodeSystem) and {@code treatmentDay} (mon ... sun, repeating): stores and returns a treatment-plan
 * CarePlan with dated induction sessions that respect the protocol's sessions per week and the minimum interval, a
 * maintenance activity, and weekly measurement activities. Refuses (422) a patient without a current eligible screening.
 */
public class TreatmentPlanOperation implements OperationProvider {

	public static final String NO_ELIGIBLE_SCREENING = "PLAN-ELIGIBLE-SCREENING";
	public static final String UNSCHEDULABLE = "PLAN-UNSCHEDULABLE";
	public static final String NO_WEIGHT = "PLAN-BASELINE-WEIGHT";
	private static final Map<String, DayOfWeek> DAYS = Map.of(
			"mon", DayOfWeek.MONDAY, "tue", DayOfWeek.TUESDAY, "wed", DayOfWeek.WEDNESDAY, "thu", DayOfWeek.THURSDAY,
			"fri", DayOfWeek.FRIDAY, "sat", DayOfWeek.SATURDAY, "sun", DayOfWeek.SUNDAY);
	private static final Map<String, String> ROUTE_DISPLAY = Map.of(
			"47625008", "Intravenous route", "78421000", "Intramuscular route", "46713006", "Nasal route",
			"34206005", "Subcutaneous route", "26643006", "Oral route", "37839007", "Sublingual route");
	/** Weeks after the end of induction that rating scales stay weekly. */
	private static final int MEASUREMENT_WEEKS_AFTER_INDUCTION = 4;

	private final FhirContext fhirContext;
	private final DaoRegistry daos;
	private final PatientChart chart;
	private final IgTerms terms;
	private final ClinicalRulesProperties rules;

	public TreatmentPlanOperation(
			FhirContext fhirContext, DaoRegistry daos, PatientChart chart, IgTerms terms, ClinicalRulesProperties rules) {
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.chart = chart;
		this.terms = terms;
		this.rules = rules;
	}

	@Description(shortDefinition = "Generates and stores a ketamine treatment plan: dated induction sessions for the protocol (iv-racemic, esketamine-intranasal, im-racemic) on the clinic's treatment days, maintenance and measurement activities. Needs a current eligible screening.")
	@Operation(name = "$ketamine-plan", type = Patient.class, idempotent = false)
	public CarePlan plan(
			@IdParam IdType patientId,
			@OperationParam(name = "start", min = 1, max = 1) DateType start,
			@OperationParam(name = "protocol", min = 1, max = 1) CodeType protocol,
			@OperationParam(name = "treatmentDay", min = 0, max = OperationParam.MAX_UNLIMITED) List<CodeType> treatmentDays,
			RequestDetails request) {
		daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
		String patient = patientId.toUnqualifiedVersionless().getValue();
		if (start == null || start.getValue() == null) {
			throw new InvalidRequestException("Parameter 'start' (date) is required");
		}
		ClinicalRulesProperties.Protocol protocolRules = protocol == null ? null : rules.getProtocols().get(protocol.getValue());
		if (protocolRules == null) {
			throw new InvalidRequestException("Unknown protocol '" + (protocol == null ? null : protocol.getValue())
					+ "': use one of " + rules.getProtocols().keySet() + " (" + terms.codeSystem("treatment-protocol") + ")");
		}
		Set<DayOfWeek> days = treatmentDays(treatmentDays);
		LocalDate firstDay = LocalDate.parse(start.getValueAsString());
		ZoneId zone = ZoneId.of(rules.getClinicTimeZone());
		Instant firstSession = firstDay.atTime(LocalTime.parse(rules.getSessionStartTime())).atZone(zone).toInstant();

		Observation screening = currentEligibleScreening(patient, firstSession, request).orElseThrow(() -> RuleViolation.reject(
				fhirContext, NO_ELIGIBLE_SCREENING, "patient " + patient + " has no screening with outcome eligible or "
						+ "eligible-with-precautions in the " + rules.getEligibility().getScreeningValidDays() + " days before " + firstDay,
				"Patient"));

		List<LocalDate> dates;
		try {
			dates = InductionSchedule.dates(firstDay, protocolRules.getInductionSessions(), protocolRules.getMaxSessionsPerWeek(),
					days, rules.getSession().getMinIntervalHours());
		} catch (IllegalArgumentException e) {
			throw RuleViolation.reject(fhirContext, UNSCHEDULABLE, e.getMessage(), "Parameters.parameter.where(name='treatmentDay')");
		}
		BigDecimal weight = protocolRules.getDosePerKg() != null ? null : baselineWeight(screening, request).orElseThrow(() ->
				RuleViolation.reject(fhirContext, NO_WEIGHT, "the screening links no baseline body weight, needed to state "
						+ protocol.getValue() + "'s fixed doses in mg/kg", "Observation.hasMember"));
		CarePlan plan = new CarePlan();
		plan.getMeta().addProfile(terms.profile("ketamine-treatment-plan"));
		plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.addCategory(new CodeableConcept(new Coding(terms.codeSystem("plan-activity"), "ketamine-session", "Ketamine dosing session")));
		plan.setSubject(new Reference(patient));
		plan.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(firstDay.toString())));
		plan.addSupportingInfo(new Reference(screening.getIdElement().toUnqualifiedVersionless()));
		plan.setDescription("Generated by $ketamine-plan: protocol " + protocol.getValue() + ", " + dates.size()
				+ " induction sessions on " + days.stream().map(d -> d.getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH)).toList());

		for (int i = 0; i < dates.size(); i++) {
			Instant sessionStart = dates.get(i).atTime(LocalTime.parse(rules.getSessionStartTime())).atZone(zone).toInstant();
			CarePlan.CarePlanActivityComponent activity = sessionActivity(plan, protocolRules, doseFor(protocolRules, i, weight), "induction");
			activity.getDetail().setScheduled(new Period()
					.setStart(Date.from(sessionStart))
					.setEnd(Date.from(sessionStart.plus(Duration.ofMinutes(protocolRules.getDurationMinutes())))));
			activity.getDetail().setDescription(description(protocolRules, i));
		}
		LocalDate maintenanceStart = dates.get(dates.size() - 1).plusWeeks(protocolRules.getMaintenanceIntervalWeeks());
		CarePlan.CarePlanActivityComponent maintenance = sessionActivity(
				plan, protocolRules, doseFor(protocolRules, dates.size() - 1, weight), "maintenance");
		maintenance.getDetail().setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED);
		maintenance.getDetail().setScheduled(weekly(maintenanceStart, null, protocolRules.getMaintenanceIntervalWeeks()));
		maintenance.getDetail().setDescription("Maintenance every " + protocolRules.getMaintenanceIntervalWeeks()
				+ " week(s), adjusted to the least frequent schedule that keeps the response");

		CarePlan.CarePlanActivityComponent measurement = plan.addActivity();
		measurement.getDetail()
				.setKind(CarePlan.CarePlanActivityKind.SERVICEREQUEST)
				.setCode(new CodeableConcept(new Coding(terms.codeSystem("plan-activity"), "measurement", "Rating scale measurement")))
				.setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED)
				.setDescription("PHQ-9 and GAD-7 weekly, from the start of induction to " + MEASUREMENT_WEEKS_AFTER_INDUCTION
						+ " weeks after its end")
				.setScheduled(weekly(firstDay, dates.get(dates.size() - 1).plusWeeks(MEASUREMENT_WEEKS_AFTER_INDUCTION), 1));

		return (CarePlan) daos.getResourceDao(CarePlan.class).create(plan, request).getResource();
	}

	private CarePlan.CarePlanActivityComponent sessionActivity(
			CarePlan plan, ClinicalRulesProperties.Protocol protocol, BigDecimal dosePerKg, String phase) {
		CarePlan.CarePlanActivityComponent activity = plan.addActivity();
		activity.addExtension(terms.extension("treatment-phase"), new CodeType(phase));
		CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
		detail.setKind(CarePlan.CarePlanActivityKind.MEDICATIONREQUEST)
				.setCode(new CodeableConcept(new Coding(terms.codeSystem("plan-activity"), "ketamine-session", "Ketamine dosing session")))
				.setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
				.setProduct(new CodeableConcept(new Coding(terms.codeSystem("ketamine-product"), protocol.getProduct(), null)));
		detail.addExtension(terms.extension("planned-route"),
				new CodeableConcept(new Coding(IgTerms.SNOMED, protocol.getRoute(), ROUTE_DISPLAY.get(protocol.getRoute()))));
		detail.addExtension(terms.extension("dose-per-kg"), new Quantity()
				.setValue(dosePerKg).setUnit("mg/kg").setSystem(IgTerms.UCUM).setCode("mg/kg"));
		return activity;
	}

	/** mg/kg of a session: the protocol's, or, for fixed-dose esketamine, the dose over the baseline weight. */
	private BigDecimal doseFor(ClinicalRulesProperties.Protocol protocol, int session, BigDecimal weight) {
		if (protocol.getDosePerKg() != null) {
			return protocol.getDosePerKg();
		}
		List<Integer> mg = protocol.getDoseMgBySession();
		int dose = mg.get(Math.min(session, mg.size() - 1));
		return BigDecimal.valueOf(dose).divide(weight, 2, RoundingMode.HALF_UP);
	}

	private static String description(ClinicalRulesProperties.Protocol protocol, int session) {
		if (protocol.getDosePerKg() != null) {
			return protocol.getDosePerKg() + " mg/kg over " + protocol.getDurationMinutes() + " minutes";
		}
		List<Integer> mg = protocol.getDoseMgBySession();
		int dose = mg.get(Math.min(session, mg.size() - 1));
		return dose + " mg (" + dose / 28 + " devices), then at least " + protocol.getDurationMinutes() + " minutes of monitoring";
	}

	private static Timing weekly(LocalDate from, LocalDate to, int everyWeeks) {
		Timing timing = new Timing();
		Period bounds = new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(from.toString()));
		if (to != null) {
			bounds.setEndElement(new org.hl7.fhir.r4.model.DateTimeType(to.toString()));
		}
		timing.getRepeat().setBounds(bounds).setFrequency(1).setPeriod(everyWeeks).setPeriodUnit(Timing.UnitsOfTime.WK);
		return timing;
	}

	private Set<DayOfWeek> treatmentDays(List<CodeType> codes) {
		if (codes == null || codes.isEmpty()) {
			return EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY);
		}
		Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
		for (CodeType code : codes) {
			DayOfWeek day = DAYS.get(code.getValue());
			if (day == null) {
				throw new InvalidRequestException("Unknown treatmentDay '" + code.getValue() + "': use mon, tue, wed, thu, fri, sat or sun");
			}
			days.add(day);
		}
		return days;
	}

	private Optional<Observation> currentEligibleScreening(String patient, Instant firstSession, RequestDetails request) {
		Duration validity = Duration.ofDays(rules.getEligibility().getScreeningValidDays());
		return chart.screenings(patient).stream()
				.filter(s -> {
					EligibilityOutcome outcome = EligibilityOutcome.fromCode(
							String.valueOf(IgTerms.codeIn(s.getValueCodeableConcept(), terms.codeSystem("eligibility-outcome"))));
					if (outcome == null || !outcome.allowsTreatment() || !s.hasEffectiveDateTimeType()) {
						return false;
					}
					Instant when = s.getEffectiveDateTimeType().getValue().toInstant();
					return !when.isAfter(firstSession) && Duration.between(when, firstSession).compareTo(validity) <= 0;
				})
				.max((a, b) -> a.getEffectiveDateTimeType().getValue().compareTo(b.getEffectiveDateTimeType().getValue()));
	}

	private Optional<BigDecimal> baselineWeight(Observation screening, RequestDetails request) {
		return screening.getHasMember().stream()
				.map(member -> chart.resolve(member, Observation.class))
				.flatMap(Optional::stream)
				.filter(o -> IgTerms.hasCoding(o.getCode(), IgTerms.LOINC, "29463-7") && o.hasValueQuantity())
				.map(o -> o.getValueQuantity().getValue())
				.findFirst();
	}
}
