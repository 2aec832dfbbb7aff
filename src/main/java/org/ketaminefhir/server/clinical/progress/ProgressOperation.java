package org.ketaminefhir.server.clinical.progress;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.ketaminefhir.server.clinical.ClinicalRulesProperties;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.fhir.OperationProvider;

/**
 * {@code GET /Patient/{id}/$ketamine-progress}: the measurement-based-care summary. Per instrument: baseline (the
 * last score at most the configured days before the first session, else the first score), latest, change, percent
 * change, response (drop of at least the configured fraction) and remission (at or below the instrument's configured
 * score) flags and the dated series; completed sessions per phase; cumulative dose; side effects by kind; open safety
 * issues; and when the next session is due by the plan.
 */
public class ProgressOperation implements OperationProvider {

	private final DaoRegistry daos;
	private final PatientChart chart;
	private final IgTerms terms;
	private final ClinicalRulesProperties rules;

	public ProgressOperation(DaoRegistry daos, PatientChart chart, IgTerms terms, ClinicalRulesProperties rules) {
		this.daos = daos;
		this.chart = chart;
		this.terms = terms;
		this.rules = rules;
	}

	private record Score(Instant when, int value, String dateText) {}

	@Description(shortDefinition = "Measurement-based-care summary: per instrument baseline, latest, change, percent change, response and remission with the dated series; sessions per phase; cumulative dose; side effects; open safety issues; next session due.")
	@Operation(name = "$ketamine-progress", type = Patient.class, idempotent = true)
	public Parameters progress(@IdParam IdType patientId, RequestDetails request) {
		daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
		String patient = patientId.toUnqualifiedVersionless().getValue();
		List<MedicationAdministration> sessions = new ArrayList<>(chart.sessions(patient));
		sessions.sort(Comparator.comparing(s -> s.getEffectivePeriod().getStart()));
		List<MedicationAdministration> completed = sessions.stream()
				.filter(s -> s.getStatus() == MedicationAdministration.MedicationAdministrationStatus.COMPLETED)
				.toList();
		Instant firstSession = sessions.isEmpty() ? null : sessions.get(0).getEffectivePeriod().getStart().toInstant();
		List<Observation> observations = chart.observations(patient);

		Parameters out = new Parameters();
		out.addParameter().setName("patient").setValue(new Reference(patient));
		scores(observations, firstSession).forEach((coding, series) -> out.addParameter(instrument(coding, series, firstSession)));

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
	private Map<Coding, List<Score>> scores(List<Observation> observations, Instant firstSession) {
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
		Score baseline = baseline(series, firstSession);
		Score latest = series.get(series.size() - 1);
		ParametersParameterComponent instrument = new ParametersParameterComponent().setName("instrument");
		instrument.addPart().setName("code").setValue(coding);
		instrument.addPart().setName("baseline").setValue(new IntegerType(baseline.value()));
		instrument.addPart().setName("baselineDate").setValue(new DateTimeType(baseline.dateText()));
		instrument.addPart().setName("latest").setValue(new IntegerType(latest.value()));
		instrument.addPart().setName("latestDate").setValue(new DateTimeType(latest.dateText()));
		int change = latest.value() - baseline.value();
		instrument.addPart().setName("change").setValue(new IntegerType(change));
		if (baseline.value() > 0) {
			BigDecimal percent = BigDecimal.valueOf(change * 100L).divide(BigDecimal.valueOf(baseline.value()), 1, RoundingMode.HALF_UP);
			instrument.addPart().setName("percentChange").setValue(new DecimalType(percent));
			boolean response = BigDecimal.valueOf(-change).compareTo(rules.getResponseMinDrop().multiply(BigDecimal.valueOf(baseline.value()))) >= 0;
			instrument.addPart().setName("response").setValue(new BooleanType(response));
		}
		Integer remissionMax = rules.getRemissionMaxScore().get(coding.getCode());
		if (remissionMax != null) {
			instrument.addPart().setName("remission").setValue(new BooleanType(latest.value() <= remissionMax));
		}
		for (Score score : series) {
			ParametersParameterComponent point = instrument.addPart().setName("score");
			point.addPart().setName("date").setValue(new DateTimeType(score.dateText()));
			point.addPart().setName("value").setValue(new IntegerType(score.value()));
		}
		return instrument;
	}

	private Score baseline(List<Score> series, Instant firstSession) {
		if (firstSession != null) {
			Duration window = Duration.ofDays(rules.getBaselineWindowDays());
			Score candidate = null;
			for (Score score : series) {
				if (!score.when().isAfter(firstSession) && Duration.between(score.when(), firstSession).compareTo(window) <= 0) {
					candidate = score;
				}
			}
			if (candidate != null) {
				return candidate;
			}
		}
		return series.get(0);
	}

	/**
	 * The earliest planned induction session after the last completed one; after induction, the last completed session
	 * plus the maintenance interval (not before the maintenance start).
	 */
	private java.util.Optional<Instant> nextSessionDue(List<CarePlan> plans, Instant lastCompleted) {
		Instant best = null;
		for (CarePlan plan : plans) {
			if (plan.getStatus() != CarePlan.CarePlanStatus.ACTIVE) {
				continue;
			}
			for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
				CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
				if (!IgTerms.hasCoding(detail.getCode(), terms.codeSystem("plan-activity"), "ketamine-session")) {
					continue;
				}
				Instant candidate = null;
				if (detail.hasScheduledPeriod() && detail.getScheduledPeriod().hasStart()) {
					Instant planned = detail.getScheduledPeriod().getStart().toInstant();
					if (lastCompleted == null || planned.isAfter(lastCompleted)) {
						candidate = planned;
					}
				} else if (detail.hasScheduledTiming() && lastCompleted != null) {
					Timing.TimingRepeatComponent repeat = detail.getScheduledTiming().getRepeat();
					Instant next = lastCompleted.plus(Duration.ofDays(7L * repeat.getPeriod().longValue()));
					if (repeat.hasBoundsPeriod() && repeat.getBoundsPeriod().hasStart()) {
						Instant boundsStart = repeat.getBoundsPeriod().getStart().toInstant()
								.plus(Duration.between(lastCompleted.atZone(java.time.ZoneOffset.UTC).toLocalDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), lastCompleted));
						next = next.isBefore(boundsStart) ? boundsStart : next;
					}
					candidate = next;
				}
				if (candidate != null && (best == null || candidate.isBefore(best))) {
					best = candidate;
				}
			}
		}
		return java.util.Optional.ofNullable(best);
	}
}
