package org.ketaminefhir.server.clinical.progress;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationAdministration.MedicationAdministrationStatus;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Timing;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.plan.QuestionnaireTasks;
import org.ketaminefhir.server.clinical.progress.ProgressMeasures.Maintenance;
import org.ketaminefhir.server.clinical.progress.ProgressMeasures.Score;

/**
 * Reads the {@link ProgressFacts} of a patient from the chart: outcome scores per instrument, sessions, side effects,
 * open safety issues (preliminary or registered), and what the active plans schedule.
 */
public class ProgressChart {

    private final PatientChart chart;
    private final IgTerms terms;

    public ProgressChart(PatientChart chart, IgTerms terms) {
        this.chart = chart;
        this.terms = terms;
    }

    public ProgressFacts facts(String patient) {
        List<Observation> observations = chart.observations(patient);
        List<Instant> planned = new ArrayList<>();
        List<Maintenance> maintenance = new ArrayList<>();
        scheduled(chart.plans(patient), planned, maintenance);
        return new ProgressFacts(
                instruments(observations),
                sessions(patient),
                sideEffects(observations),
                openIssues(patient),
                planned,
                maintenance);
    }

    /** The patient's questionnaire Tasks, for the next questionnaire due. */
    public List<QuestionnaireTasks.Facts> questionnaireTasks(String patient) {
        return chart.questionnaireTasks(patient).stream()
                .flatMap(task -> QuestionnaireTasks.of(task).stream())
                .toList();
    }

    private List<ProgressFacts.Session> sessions(String patient) {
        List<ProgressFacts.Session> sessions = new ArrayList<>();
        for (MedicationAdministration session : chart.sessions(patient)) {
            if (session.getStatus() == MedicationAdministrationStatus.ENTEREDINERROR
                    || session.getStatus() == MedicationAdministrationStatus.NOTDONE
                    || !session.hasEffectivePeriod()
                    || !session.getEffectivePeriod().hasStart()) {
                continue;
            }
            Extension phase = session.getExtensionByUrl(terms.extension("treatment-phase"));
            sessions.add(new ProgressFacts.Session(
                    session.getEffectivePeriod().getStart().toInstant(),
                    session.getStatus() == MedicationAdministrationStatus.COMPLETED,
                    phase == null ? null : phase.getValue().primitiveValue(),
                    session.getDosage().hasDose()
                            ? session.getDosage().getDose().getValue()
                            : null));
        }
        sessions.sort(Comparator.comparing(ProgressFacts.Session::start));
        return sessions;
    }

    /** Outcome scores per instrument, oldest first. */
    private List<ProgressFacts.Instrument> instruments(List<Observation> observations) {
        Map<String, Coding> codings = new LinkedHashMap<>();
        Map<String, List<Score>> byInstrument = new LinkedHashMap<>();
        for (Observation observation : observations) {
            if (!terms.declares(observation, "ketamine-score")
                    || !observation.hasValueIntegerType()
                    || !observation.hasEffectiveDateTimeType()
                    || observation.hasPartOf()) {
                continue; // in-session scores (CADSS, MOAA/S) are safety measures, not outcomes
            }
            Coding coding = observation.getCode().getCodingFirstRep();
            codings.putIfAbsent(coding.getCode(), coding.copy());
            byInstrument
                    .computeIfAbsent(coding.getCode(), c -> new ArrayList<>())
                    .add(new Score(
                            observation.getEffectiveDateTimeType().getValue().toInstant(),
                            observation.getValueIntegerType().getValue(),
                            observation.getEffectiveDateTimeType().getValueAsString()));
        }
        List<ProgressFacts.Instrument> instruments = new ArrayList<>();
        byInstrument.forEach((code, series) -> {
            series.sort(Comparator.comparing(Score::when));
            instruments.add(new ProgressFacts.Instrument(codings.get(code), series));
        });
        return instruments;
    }

    private List<Coding> sideEffects(List<Observation> observations) {
        return observations.stream()
                .filter(o -> terms.declares(o, "ketamine-side-effect") && o.hasValueCodeableConcept())
                .map(o -> o.getValueCodeableConcept().getCodingFirstRep().copy())
                .toList();
    }

    private List<String> openIssues(String patient) {
        return chart.issues(patient).stream()
                .filter(i -> i.getStatus() == DetectedIssue.DetectedIssueStatus.PRELIMINARY
                        || i.getStatus() == DetectedIssue.DetectedIssueStatus.REGISTERED)
                .map(i -> i.getIdElement().toUnqualifiedVersionless().getValue())
                .toList();
    }

    /** The active plans' planned induction sessions and maintenance, for {@link ProgressMeasures#nextSessionDue}. */
    private void scheduled(List<CarePlan> plans, List<Instant> planned, List<Maintenance> maintenance) {
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
                } else if (detail.hasScheduledTiming()
                        && detail.getScheduledTiming().getRepeat().hasPeriod()) {
                    Timing.TimingRepeatComponent repeat =
                            detail.getScheduledTiming().getRepeat();
                    LocalDate from =
                            repeat.hasBoundsPeriod() && repeat.getBoundsPeriod().hasStart()
                                    ? LocalDate.parse(repeat.getBoundsPeriod()
                                            .getStartElement()
                                            .getValueAsString()
                                            .substring(0, 10))
                                    : null;
                    maintenance.add(new Maintenance(repeat.getPeriod().intValue(), from));
                }
            }
        }
    }
}
