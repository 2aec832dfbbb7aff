package org.ketaminefhir.server.clinical.plan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
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
import org.ketaminefhir.server.clinical.BodyWeight;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.fhir.RuleViolation;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.eligibility.ScreeningEvaluation;
import org.ketaminefhir.server.clinical.plan.PlanSettings.Protocol;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.database.PatientLocks;
import org.ketaminefhir.server.fhir.OperationProvider;

/**
 * {@code POST /Patient/{id}/$ketamine-plan} with {@code start} (date), {@code protocol} (code of the IG's
 * treatment-protocol CodeSystem) and {@code treatmentDay} (mon ... sun, repeating): stores and returns a treatment-plan
 * CarePlan with dated induction sessions that respect the protocol's sessions per week and the minimum interval, a
 * maintenance activity, and weekly measurement activities. Refuses (422) a patient whose current screening (see
 * {@link CurrentScreening}) does not allow treatment. Runs in one transaction holding the patient's write lock.
 */
public class TreatmentPlanOperation implements OperationProvider {

	public static final String NO_ELIGIBLE_SCREENING = "PLAN-ELIGIBLE-SCREENING";
	public static final String UNSCHEDULABLE = "PLAN-UNSCHEDULABLE";
	public static final String NO_WEIGHT = "PLAN-BASELINE-WEIGHT";
	private static final Map<String, String> ROUTE_DISPLAY = Map.of(
			"47625008", "Intravenous route", "78421000", "Intramuscular route", "46713006", "Nasal route",
			"34206005", "Subcutaneous route", "26643006", "Oral route", "37839007", "Sublingual route");

	private final FhirContext fhirContext;
	private final DaoRegistry daos;
	private final IHapiTransactionService transactions;
	private final PatientLocks locks;
	private final PatientChart chart;
	private final IgTerms terms;
	private final ScreeningEvaluation screenings;
	private final PlanSettings settings;
	private final EligibilitySettings eligibility;
	private final SessionSettings sessions;

	public TreatmentPlanOperation(FhirContext fhirContext, DaoRegistry daos, IHapiTransactionService transactions,
			PatientLocks locks, PatientChart chart, IgTerms terms, ScreeningEvaluation screenings, PlanSettings settings,
			EligibilitySettings eligibility, SessionSettings sessions) {
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.transactions = transactions;
		this.locks = locks;
		this.chart = chart;
		this.terms = terms;
		this.screenings = screenings;
		this.settings = settings;
		this.eligibility = eligibility;
		this.sessions = sessions;
	}

	@Description(shortDefinition = "Generates and stores a ketamine treatment plan: dated induction sessions for the protocol (iv-racemic, esketamine-intranasal, im-racemic) on the clinic's treatment days, maintenance and measurement activities. Needs a current eligible screening.")
	@Operation(name = "$ketamine-plan", type = Patient.class, idempotent = false)
	public CarePlan plan(
			@IdParam IdType patientId,
			@OperationParam(name = "start", min = 1, max = 1) DateType start,
			@OperationParam(name = "protocol", min = 1, max = 1) CodeType protocol,
			@OperationParam(name = "treatmentDay", min = 0, max = OperationParam.MAX_UNLIMITED) List<CodeType> treatmentDays,
			RequestDetails request) {
		if (start == null || start.getValue() == null) {
			throw new InvalidRequestException("Parameter 'start' (date) is required");
		}
		Protocol protocolRules = protocol == null ? null : settings.protocols().get(protocol.getValue());
		if (protocolRules == null) {
			throw new InvalidRequestException("Unknown protocol '" + (protocol == null ? null : protocol.getValue())
					+ "': use one of " + settings.protocols().keySet() + " (" + terms.codeSystem("treatment-protocol") + ")");
		}
		Set<DayOfWeek> days = treatmentDays(treatmentDays);
		return transactions.withRequest(request).execute(() -> {
			daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
			String patient = patientId.toUnqualifiedVersionless().getValue();
			locks.lock(List.of(patient));
			return generate(patient, LocalDate.parse(start.getValueAsString()), protocol.getValue(), protocolRules, days, request);
		});
	}

	private CarePlan generate(String patient, LocalDate firstDay, String protocolCode, Protocol protocolRules, Set<DayOfWeek> days,
			RequestDetails request) {
		ZoneId zone = settings.zone();
		Instant firstSession = firstDay.atTime(settings.startTime()).atZone(zone).toInstant();
		CurrentScreening.Decision current = CurrentScreening.at(firstSession,
				chart.screenings(patient).stream().map(screenings::summary).filter(java.util.Objects::nonNull).toList(),
				eligibility.screeningValidDays());
		if (!current.allowsTreatment()) {
			throw RuleViolation.reject(fhirContext, NO_ELIGIBLE_SCREENING, "no current eligible screening for "
					+ patient + " at " + firstSession + ": " + current.refusal(), "Patient");
		}
		Observation screening = chart.resolve(new Reference(current.licensing().get().id()), Observation.class).orElseThrow();

		List<LocalDate> dates;
		try {
			dates = InductionSchedule.dates(firstDay, protocolRules.inductionSessions(), protocolRules.maxSessionsPerWeek(),
					days, sessions.minIntervalHours());
		} catch (IllegalArgumentException e) {
			throw RuleViolation.reject(fhirContext, UNSCHEDULABLE, e.getMessage(), "Parameters.parameter.where(name='treatmentDay')");
		}
		BigDecimal weight = protocolRules.perKg() ? null : baselineWeight(screening).orElseThrow(() ->
				RuleViolation.reject(fhirContext, NO_WEIGHT, "the screening links no baseline body weight, needed to state "
						+ protocolCode + "'s fixed doses in mg/kg", "Observation.hasMember"));
		CarePlan plan = new CarePlan();
		plan.getMeta().addProfile(terms.profile("ketamine-treatment-plan"));
		plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
		plan.setIntent(CarePlan.CarePlanIntent.PLAN);
		plan.addCategory(new CodeableConcept(new Coding(terms.codeSystem("plan-activity"), "ketamine-session", "Ketamine dosing session")));
		plan.setSubject(new Reference(patient));
		plan.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(firstDay.toString())));
		plan.addSupportingInfo(new Reference(screening.getIdElement().toUnqualifiedVersionless()));
		plan.setDescription("Generated by $ketamine-plan: protocol " + protocolCode + ", " + dates.size()
				+ " induction sessions on " + days.stream().map(d -> d.getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH)).toList());

		for (int i = 0; i < dates.size(); i++) {
			Instant sessionStart = dates.get(i).atTime(settings.startTime()).atZone(zone).toInstant();
			CarePlan.CarePlanActivityComponent activity = sessionActivity(plan, protocolRules, doseFor(protocolRules, i, weight), "induction");
			activity.getDetail().setScheduled(new Period()
					.setStart(Date.from(sessionStart))
					.setEnd(Date.from(sessionStart.plus(Duration.ofMinutes(protocolRules.durationMinutes())))));
			activity.getDetail().setDescription(description(protocolRules, i));
		}
		LocalDate maintenanceStart = dates.get(dates.size() - 1).plusWeeks(protocolRules.maintenanceIntervalWeeks());
		CarePlan.CarePlanActivityComponent maintenance = sessionActivity(
				plan, protocolRules, doseFor(protocolRules, dates.size() - 1, weight), "maintenance");
		maintenance.getDetail().setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED);
		maintenance.getDetail().setScheduled(weekly(maintenanceStart, null, protocolRules.maintenanceIntervalWeeks()));
		maintenance.getDetail().setDescription("Maintenance every " + protocolRules.maintenanceIntervalWeeks()
				+ " week(s), adjusted to the least frequent schedule that keeps the response");

		CarePlan.CarePlanActivityComponent measurement = plan.addActivity();
		measurement.getDetail()
				.setKind(CarePlan.CarePlanActivityKind.SERVICEREQUEST)
				.setCode(new CodeableConcept(new Coding(terms.codeSystem("plan-activity"), "measurement", "Rating scale measurement")))
				.setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED)
				.setDescription("PHQ-9 and GAD-7 weekly, from the start of induction to " + settings.measurementWeeksAfterInduction()
						+ " weeks after its end")
				.setScheduled(weekly(firstDay, dates.get(dates.size() - 1).plusWeeks(settings.measurementWeeksAfterInduction()), 1));

		return (CarePlan) daos.getResourceDao(CarePlan.class).create(plan, request).getResource();
	}

	private CarePlan.CarePlanActivityComponent sessionActivity(CarePlan plan, Protocol protocol, BigDecimal dosePerKg, String phase) {
		CarePlan.CarePlanActivityComponent activity = plan.addActivity();
		activity.addExtension(terms.extension("treatment-phase"), new CodeType(phase));
		CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
		detail.setKind(CarePlan.CarePlanActivityKind.MEDICATIONREQUEST)
				.setCode(new CodeableConcept(new Coding(terms.codeSystem("plan-activity"), "ketamine-session", "Ketamine dosing session")))
				.setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
				.setProduct(new CodeableConcept(new Coding(terms.codeSystem("ketamine-product"), protocol.product(), null)));
		detail.addExtension(terms.extension("planned-route"),
				new CodeableConcept(new Coding(IgTerms.SNOMED, protocol.route(), ROUTE_DISPLAY.get(protocol.route()))));
		detail.addExtension(terms.extension("dose-per-kg"), new Quantity()
				.setValue(dosePerKg).setUnit("mg/kg").setSystem(IgTerms.UCUM).setCode("mg/kg"));
		return activity;
	}

	/** mg/kg of a session: the protocol's, or, for fixed-dose esketamine, the dose over the baseline weight. */
	private static BigDecimal doseFor(Protocol protocol, int session, BigDecimal weight) {
		return protocol.perKg() ? protocol.dosePerKg()
				: BigDecimal.valueOf(protocol.doseMg(session)).divide(weight, 2, RoundingMode.HALF_UP);
	}

	private String description(Protocol protocol, int session) {
		if (protocol.perKg()) {
			return protocol.dosePerKg() + " mg/kg over " + protocol.durationMinutes() + " minutes";
		}
		int dose = protocol.doseMg(session);
		return dose + " mg (" + dose / sessions.esketamine().mgPerDevice() + " devices), then at least "
				+ protocol.durationMinutes() + " minutes of monitoring";
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
		try {
			return TreatmentDays.parse(codes == null || codes.isEmpty() ? settings.defaultTreatmentDays()
					: codes.stream().map(CodeType::getValue).toList());
		} catch (IllegalArgumentException e) {
			throw new InvalidRequestException(e.getMessage());
		}
	}

	private Optional<BigDecimal> baselineWeight(Observation screening) {
		return screening.getHasMember().stream()
				.map(member -> chart.resolve(member, Observation.class))
				.flatMap(Optional::stream)
				.flatMap(o -> BodyWeight.of(o).flatMap(BodyWeight::kilograms).stream())
				.findFirst();
	}
}
