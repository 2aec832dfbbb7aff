package org.ketaminefhir.server.clinical.progress;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.progress.ProgressMeasures.Score;
import org.ketaminefhir.server.fhir.OperationProvider;

/**
 * {@code GET /Patient/{id}/$ketamine-progress}: the measurement-based-care summary. Per instrument: the baseline (see
 * {@link ProgressMeasures#assess}), or {@code baselineMissing}; the latest score; with a baseline and a score after
 * treatment began, change, percent change, response and remission; and the dated series. Completed sessions per
 * phase; cumulative dose; side effects by kind; open safety issues; and when the next session is due by the plan. The
 * measures are {@link ProgressMeasures}; this class reads the chart and maps their answers to Parameters.
 */
public class ProgressOperation implements OperationProvider {

	private final DaoRegistry daos;
	private final PatientChart chart;
	private final IgTerms terms;
	private final ProgressSettings settings;

	public ProgressOperation(DaoRegistry daos, PatientChart chart, IgTerms terms, ProgressSettings settings) {
		this.daos = daos;
		this.chart = chart;
		this.terms = terms;
		this.settings = settings;
	}

	@Description(shortDefinition = "Measurement-based-care summary: per instrument baseline, latest, change, percent change, response and remission with the dated series; sessions per phase; cumulative dose; side effects; open safety issues; next session due.")
	@Operation(name = "$ketamine-progress", type = Patient.class, idempotent = true)
	public Parameters progress(@IdParam IdType patientId, RequestDetails request) {
		daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
		String patient = patientId.toUnqualifiedVersionless().getValue();
		List<MedicationAdministration> sessions = new ArrayList<>(chart.sessions(patient));
		sessions.removeIf(s -> s.getStatus() == MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR
				|| s.getStatus() == MedicationAdministration.MedicationAdministrationStatus.NOTDONE
				|| !s.hasEffectivePeriod() || !s.getEffectivePeriod().hasStart());
		sessions.sort(Comparator.comparing(s -> s.getEffectivePeriod().getStart()));
		List<MedicationAdministration> completed = sessions.stream()
				.filter(s -> s.getStatus() == MedicationAdministration.MedicationAdministrationStatus.COMPLETED)
				.toList();
		Instant firstSession = sessions.isEmpty() ? null : sessions.get(0).getEffectivePeriod().getStart().toInstant();
		List<Observation> observations = chart.observations(patient);

		Parameters out = new Parameters();
		out.addParameter().setName("patient").setValue(new Reference(patient));
		scores(observations).forEach((coding, series) -> out.addParameter(instrument(coding, series, firstSession)));

		Map<String, Integer> perPhase = new TreeMap<>();
		BigDecimal cumulativeMg = BigDecimal.ZERO;
		for (MedicationAdministration session : completed) {
			var phase = session.getExtensionByUrl(terms.extension("treatment-phase"));
			perPhase.merge(phase == null ? "unknown" : phase.getValue().primitiveValue(), 1, Integer::sum);
			if (session.getDosage().hasDose()) {
				cumulativeMg = cumulativeMg.add(session.getDosage().getDose().getValue());
			}
		}
		perPhase.forEach((phase, count) -> out.addParameter().setName("sessionsCompleted")
				.addPart(new ParametersParameterComponent().setName("phase").setValue(new StringType(phase)))
				.addPart(new ParametersParameterComponent().setName("count").setValue(new IntegerType(count))));
		out.addParameter().setName("cumulativeDose").setValue(
				new Quantity().setValue(cumulativeMg).setUnit("mg").setSystem(IgTerms.UCUM).setCode("mg"));

		Map<String, Integer> sideEffects = new TreeMap<>();
		Map<String, Coding> findings = new LinkedHashMap<>();
		for (Observation observation : observations) {
			if (terms.declares(observation, "ketamine-side-effect") && observation.hasValueCodeableConcept()) {
				Coding finding = observation.getValueCodeableConcept().getCodingFirstRep();
				String key = finding.getSystem() + "|" + finding.getCode();
				sideEffects.merge(key, 1, Integer::sum);
				findings.putIfAbsent(key, finding.copy());
			}
		}
		sideEffects.forEach((key, count) -> out.addParameter().setName("sideEffect")
				.addPart(new ParametersParameterComponent().setName("finding").setValue(findings.get(key)))
				.addPart(new ParametersParameterComponent().setName("count").setValue(new IntegerType(count))));

		List<DetectedIssue> open = chart.issues(patient).stream()
				.filter(i -> i.getStatus() == DetectedIssue.DetectedIssueStatus.PRELIMINARY
						|| i.getStatus() == DetectedIssue.DetectedIssueStatus.REGISTERED)
				.toList();
		out.addParameter().setName("openSafetyIssues").setValue(new IntegerType(open.size()));
		open.forEach(i -> out.addParameter().setName("openSafetyIssue").setValue(new Reference(i.getIdElement().toUnqualifiedVersionless())));

		Instant lastCompleted = completed.isEmpty() ? null : completed.get(completed.size() - 1).getEffectivePeriod().getStart().toInstant();
		nextSessionDue(chart.plans(patient), lastCompleted)
				.ifPresent(due -> out.addParameter().setName("nextSessionDue").setValue(new DateTimeType(Date.from(due))));
		return out;
	}

	/** Scores per instrument, oldest first. */
	private Map<Coding, List<Score>> scores(List<Observation> observations) {
		Map<String, Coding> codings = new LinkedHashMap<>();
		Map<String, List<Score>> byInstrument = new LinkedHashMap<>();
		for (Observation observation : observations) {
			if (!terms.declares(observation, "ketamine-score") || !observation.hasValueIntegerType()
					|| !observation.hasEffectiveDateTimeType() || observation.hasPartOf()) {
				continue; // in-session scores (CADSS, MOAA/S) are safety measures, not outcomes
			}
			Coding coding = observation.getCode().getCodingFirstRep();
			codings.putIfAbsent(coding.getCode(), coding.copy());
			byInstrument.computeIfAbsent(coding.getCode(), c -> new ArrayList<>()).add(new Score(
					observation.getEffectiveDateTimeType().getValue().toInstant(),
					observation.getValueIntegerType().getValue(),
					observation.getEffectiveDateTimeType().getValueAsString()));
		}
		Map<Coding, List<Score>> result = new LinkedHashMap<>();
		byInstrument.forEach((code, series) -> {
			series.sort(Comparator.comparing(Score::when));
			result.put(codings.get(code), series);
		});
		return result;
	}

	private ParametersParameterComponent instrument(Coding coding, List<Score> series, Instant firstSession) {
		ProgressMeasures.Assessment assessment =
				ProgressMeasures.assess(series, firstSession, settings, settings.remissionMaxScore().get(coding.getCode()));
		ParametersParameterComponent instrument = new ParametersParameterComponent().setName("instrument");
		instrument.addPart().setName("code").setValue(coding);
		assessment.baseline().ifPresent(baseline -> {
			instrument.addPart().setName("baseline").setValue(new IntegerType(baseline.value()));
			instrument.addPart().setName("baselineDate").setValue(new DateTimeType(baseline.dateText()));
		});
		if (assessment.baselineMissing()) {
			instrument.addPart().setName("baselineMissing").setValue(new BooleanType(true));
		}
		instrument.addPart().setName("latest").setValue(new IntegerType(assessment.latest().value()));
		instrument.addPart().setName("latestDate").setValue(new DateTimeType(assessment.latest().dateText()));
		assessment.verdict().ifPresent(verdict -> {
			instrument.addPart().setName("change").setValue(new IntegerType(verdict.change()));
			if (verdict.percentChange() != null) {
				instrument.addPart().setName("percentChange").setValue(new DecimalType(verdict.percentChange()));
			}
			if (verdict.response() != null) {
				instrument.addPart().setName("response").setValue(new BooleanType(verdict.response()));
			}
			if (verdict.remission() != null) {
				instrument.addPart().setName("remission").setValue(new BooleanType(verdict.remission()));
			}
		});
		for (Score score : series) {
			ParametersParameterComponent point = instrument.addPart().setName("score");
			point.addPart().setName("date").setValue(new DateTimeType(score.dateText()));
			point.addPart().setName("value").setValue(new IntegerType(score.value()));
		}
		return instrument;
	}

	/** Reads the active plans' planned induction sessions and maintenance, for {@link ProgressMeasures#nextSessionDue}. */
	private Optional<Instant> nextSessionDue(List<CarePlan> plans, Instant lastCompleted) {
		List<Instant> planned = new ArrayList<>();
		List<ProgressMeasures.Maintenance> maintenance = new ArrayList<>();
		for (CarePlan plan : plans) {
			if (plan.getStatus() != CarePlan.CarePlanStatus.ACTIVE) {
				continue;
			}
			for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
				CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
				if (!IgTerms.hasCoding(detail.getCode(), terms.codeSystem("plan-activity"), "ketamine-session")) {
					continue;
				}
				if (detail.hasScheduledPeriod() && detail.getScheduledPeriod().hasStart()) {
					planned.add(detail.getScheduledPeriod().getStart().toInstant());
				} else if (detail.hasScheduledTiming() && detail.getScheduledTiming().getRepeat().hasPeriod()) {
					Timing.TimingRepeatComponent repeat = detail.getScheduledTiming().getRepeat();
					LocalDate from = repeat.hasBoundsPeriod() && repeat.getBoundsPeriod().hasStart()
							? LocalDate.parse(repeat.getBoundsPeriod().getStartElement().getValueAsString().substring(0, 10)) : null;
					maintenance.add(new ProgressMeasures.Maintenance(repeat.getPeriod().intValue(), from));
				}
			}
		}
		return ProgressMeasures.nextSessionDue(planned, maintenance, lastCompleted);
	}
}
