package org.ketaminefhir.server.clinical.session;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.ketaminefhir.server.clinical.BodyHeight;
import org.ketaminefhir.server.clinical.BodyWeight;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.SafetyAlert;
import org.ketaminefhir.server.clinical.Units;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.eligibility.ScreeningEvaluation;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * Reads the {@link SessionFacts} of a session being written: the session itself and, from the patient's chart and the
 * transaction being written, the screenings, the other sessions, the recorded weights and heights, how long the
 * session was monitored, and the patient's suicide-risk alerts.
 */
public class SessionChart {

    private final PatientChart chart;
    private final IgTerms terms;
    private final ScreeningEvaluation screenings;
    private final KetamineProducts products;

    public SessionChart(PatientChart chart, IgTerms terms, ScreeningEvaluation screenings, KetamineProducts products) {
        this.chart = chart;
        this.terms = terms;
        this.screenings = screenings;
        this.products = products;
    }

    public SessionFacts facts(MedicationAdministration session, RequestDetails request) {
        String patient = session.getSubject().getReference();
        Instant start = session.getEffectivePeriod().getStart().toInstant();
        MedicationAdministration.MedicationAdministrationDosageComponent dosage = session.getDosage();
        Extension perKg = dosage.getExtensionByUrl(terms.extension("dose-per-kg"));
        boolean esketamine = products.isEsketamine(session);
        return new SessionFacts(
                esketamine,
                IgTerms.codeIn(dosage.getRoute(), IgTerms.SNOMED),
                dosage.hasDose() ? dosage.getDose().getValue() : null,
                perKg != null && perKg.getValue() instanceof Quantity q ? q.getValue() : null,
                statedDosingWeight(dosage),
                session.getStatus() == MedicationAdministration.MedicationAdministrationStatus.COMPLETED,
                start,
                overrides(session),
                screenings(patient, request),
                otherSessionStarts(session, patient, request),
                esketamine ? new DosingWeightRule.Body(List.of(), List.of(), null) : body(session, patient, request),
                monitoringMinutes(session, start, request),
                suicideRiskAlerts(alerts(patient, request), terms.codeSystem("safety-alert")));
    }

    /** The patient's safety alerts: stored, and written in this transaction (which replace their stored versions). */
    private List<DetectedIssue> alerts(String patient, RequestDetails request) {
        Map<String, DetectedIssue> byId = new java.util.LinkedHashMap<>();
        chart.issues(patient).forEach(i -> byId.put(i.getIdElement().getIdPart(), i));
        PatientChart.inThisTransaction(request, DetectedIssue.class).stream()
                .filter(i -> patient.equals(i.getPatient().getReference()))
                .forEach(i -> byId.put(
                        i.getIdElement().hasIdPart() ? i.getIdElement().getIdPart() : "new-" + byId.size(), i));
        return new ArrayList<>(byId.values());
    }

    /**
     * The suicide-risk alerts among these DetectedIssues (coded in the IG's safety-alert CodeSystem {@code system}):
     * what the review rule reads, for a session written and for a draft order.
     */
    public static List<SuicideRiskAlert> suicideRiskAlerts(List<DetectedIssue> issues, String system) {
        List<SuicideRiskAlert> alerts = new ArrayList<>();
        for (DetectedIssue issue : issues) {
            String code = issue.getCode().getCoding().stream()
                    .filter(c -> system.equals(c.getSystem()) && SafetyAlert.SUICIDE_RISK.contains(c.getCode()))
                    .map(org.hl7.fhir.r4.model.Coding::getCode)
                    .findFirst()
                    .orElse(null);
            if (code == null) {
                continue;
            }
            Instant identified = issue.hasIdentifiedDateTimeType()
                            && issue.getIdentifiedDateTimeType().getValue() != null
                    ? issue.getIdentifiedDateTimeType().getValue().toInstant()
                    : issue.hasIdentifiedPeriod() && issue.getIdentifiedPeriod().hasStart()
                            ? issue.getIdentifiedPeriod().getStart().toInstant()
                            : null;
            alerts.add(new SuicideRiskAlert(
                    "DetectedIssue/" + issue.getIdElement().getIdPart(),
                    code,
                    issue.hasStatus() ? issue.getStatus().toCode() : "unknown",
                    identified));
        }
        return alerts;
    }

    private List<CurrentScreening.Screening> screenings(String patient, RequestDetails request) {
        List<Observation> candidates = new ArrayList<>(chart.screenings(patient));
        PatientChart.inThisTransaction(request, Observation.class).stream()
                .filter(o -> patient.equals(o.getSubject().getReference()) && screenings.isScreening(o))
                .forEach(candidates::add);
        return candidates.stream()
                .map(screenings::summary)
                .filter(Objects::nonNull)
                .toList();
    }

    private List<Instant> otherSessionStarts(MedicationAdministration session, String patient, RequestDetails request) {
        String selfId =
                session.getIdElement().hasIdPart() ? session.getIdElement().getIdPart() : null;
        List<MedicationAdministration> others = new ArrayList<>(chart.sessions(patient));
        PatientChart.inThisTransaction(request, MedicationAdministration.class).stream()
                .filter(ma -> ma != session
                        && patient.equals(ma.getSubject().getReference())
                        && terms.declares(ma, "ketamine-session"))
                .filter(ma -> others.stream()
                        .noneMatch(stored -> stored.getIdElement()
                                .getIdPart()
                                .equals(ma.getIdElement().getIdPart())))
                .forEach(others::add);
        return sessionStarts(others, selfId);
    }

    /**
     * When the given sessions start, leaving out the one with id {@code selfId} (may be null) and those entered in error
     * or not done: what the minimum-interval rule compares a session with.
     */
    public static List<Instant> sessionStarts(List<MedicationAdministration> others, String selfId) {
        List<Instant> starts = new ArrayList<>();
        for (MedicationAdministration other : others) {
            boolean same = selfId != null && selfId.equals(other.getIdElement().getIdPart());
            boolean counts = other.getStatus() != MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR
                    && other.getStatus() != MedicationAdministration.MedicationAdministrationStatus.NOTDONE;
            if (!same
                    && counts
                    && other.hasEffectivePeriod()
                    && other.getEffectivePeriod().hasStart()) {
                starts.add(other.getEffectivePeriod().getStart().toInstant());
            }
        }
        return starts;
    }

    private Map<String, String> overrides(MedicationAdministration session) {
        Map<String, String> overrides = new HashMap<>();
        for (Extension override : session.getExtensionsByUrl(terms.extension("rule-override"))) {
            Extension rule = override.getExtensionByUrl("rule");
            Extension reason = override.getExtensionByUrl("reason");
            if (rule != null && rule.hasValue()) {
                overrides.put(
                        rule.getValue().primitiveValue(),
                        reason == null || !reason.hasValue()
                                ? ""
                                : reason.getValue().primitiveValue());
            }
        }
        return overrides;
    }

    private DosingWeightRule.Stated statedDosingWeight(
            MedicationAdministration.MedicationAdministrationDosageComponent dosage) {
        Extension dosingWeight = dosage.getExtensionByUrl(terms.extension("dosing-weight"));
        if (dosingWeight == null) {
            return null;
        }
        Extension basis = dosingWeight.getExtensionByUrl("basis");
        Extension weight = dosingWeight.getExtensionByUrl("weight");
        BigDecimal kg = weight != null && weight.getValue() instanceof Quantity q ? Units.kilograms(q) : null;
        return new DosingWeightRule.Stated(
                basis == null || !basis.hasValue() ? null : basis.getValue().primitiveValue(), kg);
    }

    /** The patient's weights and heights (stored, and written in this transaction) and sex. */
    private DosingWeightRule.Body body(MedicationAdministration session, String patient, RequestDetails request) {
        List<Observation> measured = new ArrayList<>(chart.bodyMeasurements(patient));
        PatientChart.inThisTransaction(request, Observation.class).stream()
                .filter(o -> patient.equals(o.getSubject().getReference()))
                .forEach(measured::add);
        String sex = chart.resolve(session.getSubject(), Patient.class)
                .or(() -> PatientChart.inThisTransaction(request, Patient.class, session.getSubject()))
                .filter(Patient::hasGender)
                .map(p -> p.getGender().toCode())
                .orElse(null);
        return body(measured, sex);
    }

    /** The body weights and heights among these observations (in kg and cm; others are left out), and the sex given. */
    public static DosingWeightRule.Body body(List<Observation> measured, String sex) {
        List<DosingWeightRule.Weighing> weights = new ArrayList<>();
        List<DosingWeightRule.Height> heights = new ArrayList<>();
        for (Observation observation : measured) {
            if (!observation.hasValueQuantity()
                    || !observation.hasEffectiveDateTimeType()
                    || observation.getEffectiveDateTimeType().getValue() == null
                    || observation.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
                    || observation.getStatus() == Observation.ObservationStatus.CANCELLED) {
                continue;
            }
            Instant when = observation.getEffectiveDateTimeType().getValue().toInstant();
            Optional<BodyWeight> weight = BodyWeight.of(observation);
            if (weight.isPresent()) {
                weight.get().kilograms().ifPresent(kg -> weights.add(new DosingWeightRule.Weighing(when, kg)));
            } else {
                BodyHeight.of(observation)
                        .flatMap(BodyHeight::centimetres)
                        .ifPresent(cm -> heights.add(new DosingWeightRule.Height(when, cm)));
            }
        }
        return new DosingWeightRule.Body(weights, heights, sex);
    }

    /**
     * Monitoring time: the discharge-readiness "minutes monitored" of this session if recorded, else from the start of
     * administration to the end of the session Encounter.
     */
    private Long monitoringMinutes(MedicationAdministration session, Instant start, RequestDetails request) {
        if (session.getIdElement().hasIdPart()) {
            for (Observation observation : chart.partOf(
                    "MedicationAdministration/" + session.getIdElement().getIdPart())) {
                Quantity minutes =
                        IgTerms.componentQuantity(observation, terms.observationCodes(), "minutes-monitored");
                if (terms.declares(observation, "ketamine-discharge-readiness") && minutes != null) {
                    return minutes.getValue().longValue();
                }
            }
        }
        return chart.resolve(session.getContext(), Encounter.class)
                .or(() -> PatientChart.inThisTransaction(request, Encounter.class, session.getContext()))
                .filter(e -> e.hasPeriod() && e.getPeriod().hasEnd())
                .map(e -> Duration.between(start, e.getPeriod().getEnd().toInstant())
                        .toMinutes())
                .orElse(null);
    }
}
