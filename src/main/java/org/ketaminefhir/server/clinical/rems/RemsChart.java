package org.ketaminefhir.server.clinical.rems;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.ketaminefhir.server.clinical.BloodPressure;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.SessionTimePoint;
import org.ketaminefhir.server.clinical.monitoring.VitalSignLimits;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * Fills in the {@link RemsForm} of an esketamine session from its records: the patient, the session (date, dose, lot),
 * the concomitant medication flags of the patient's latest screening, and what was observed in the session (blood
 * pressure before dosing, at the configured minute and before completion, discharge readiness), and what the form asks
 * about the session's course: sedation, loss of consciousness, dissociation and respiratory depression, from the side
 * effects recorded, the in-session MOAA/S and CADSS scores (at the psychiatric safety alert levels) and the session's
 * SpO2 and respiratory-rate alerts.
 */
public class RemsChart {

    private final PatientChart chart;
    private final IgTerms terms;
    private final RemsSettings settings;
    private final PsychiatricSafetySettings psychiatric;
    private final VitalSignLimits vitals;

    public RemsChart(
            PatientChart chart,
            IgTerms terms,
            RemsSettings settings,
            PsychiatricSafetySettings psychiatric,
            VitalSignLimits vitals) {
        this.chart = chart;
        this.terms = terms;
        this.settings = settings;
        this.psychiatric = psychiatric;
        this.vitals = vitals;
    }

    public RemsForm form(MedicationAdministration session) {
        Map<String, Type> form = new LinkedHashMap<>();
        Medication medication = KetamineProducts.containedMedication(session);
        String sessionRef = "MedicationAdministration/" + session.getIdElement().getIdPart();

        Patient patient = chart.resolve(session.getSubject(), Patient.class).orElse(null);
        form.put(
                "patientFirstName",
                patient == null || !patient.getNameFirstRep().hasGiven()
                        ? null
                        : new StringType(patient.getNameFirstRep().getGivenAsSingleString()));
        form.put(
                "patientLastName",
                patient == null || !patient.getNameFirstRep().hasFamily()
                        ? null
                        : new StringType(patient.getNameFirstRep().getFamily()));
        form.put(
                "patientBirthDate",
                patient == null || !patient.hasBirthDate()
                        ? null
                        : patient.getBirthDateElement().copy());
        form.put(
                "patientSex",
                patient == null || !patient.hasGender()
                        ? null
                        : new StringType(patient.getGender().toCode()));
        form.put(
                "treatmentDate",
                session.getEffectivePeriod().hasStart()
                        ? new DateType(session.getEffectivePeriod()
                                .getStartElement()
                                .getValueAsString()
                                .substring(0, 10))
                        : null);
        form.put(
                "doseAdministered",
                session.getDosage().hasDose() ? session.getDosage().getDose().copy() : null);
        form.put(
                "lotNumber",
                medication.getBatch().hasLotNumber()
                        ? new StringType(medication.getBatch().getLotNumber())
                        : null);

        Observation screening =
                chart.latestScreening(session.getSubject().getReference()).orElse(null);
        for (String code : settings.concomitantMedications()) {
            form.put("concomitant-" + code, screening == null ? null : flag(screening, code));
        }

        List<Observation> observed = chart.partOf(sessionRef);
        form.put("bloodPressurePreDose", bloodPressure(observed, SessionTimePoint.PRE_DOSE, null));
        // The form's "40 min post-administration" field: the intra-session reading at the configured minute.
        form.put(
                "bloodPressure40Minutes",
                bloodPressure(observed, SessionTimePoint.INTRA_SESSION, settings.bloodPressureMinutes()));
        form.put("bloodPressureBeforeCompletion", bloodPressure(observed, SessionTimePoint.PRE_DISCHARGE, null));
        Optional<Observation> discharge = observed.stream()
                .filter(o -> terms.declares(o, "ketamine-discharge-readiness"))
                .findFirst();
        form.put(
                "vitalSignsAcceptableBeforeCompletion",
                discharge.map(d -> flag(d, "vitals-acceptable")).orElse(null));
        form.put("totalMonitoringMinutes", discharge.map(this::minutes).orElse(null));
        // What the form asks about the session (sedation, and since the 2023 REMS modification loss of consciousness,
        // dissociation and respiratory depression): seen in a side effect recorded, an in-session score beyond its
        // alert level, or a vital-sign alert; "no" once the discharge is recorded without any; else unknown.
        List<DetectedIssue> alerts = alerts(session, sessionRef, observed);
        boolean sedation = sideEffect(observed, "sedation")
                || score(observed, "moaas", s -> s <= psychiatric.moaasAlertAtOrBelow());
        boolean lossOfConsciousness = sideEffect(observed, "loss-of-consciousness")
                || score(observed, "moaas", s -> s <= psychiatric.moaasLossOfConsciousness());
        boolean dissociation = sideEffect(observed, "dissociation")
                || score(observed, "cadss", s -> s > psychiatric.cadssAlertAbove());
        boolean respiratoryDepression =
                sideEffect(observed, "respiratory-depression") || respiratoryDepressionAlert(alerts, observed);
        form.put("sedation", seen(sedation, discharge.isPresent()));
        form.put("lossOfConsciousness", seen(lossOfConsciousness, discharge.isPresent()));
        form.put("dissociation", seen(dissociation, discharge.isPresent()));
        form.put("respiratoryDepression", seen(respiratoryDepression, discharge.isPresent()));
        return new RemsForm(form);
    }

    /** Yes when seen; no when not seen by the time the discharge was recorded; unknown (missing) before that. */
    private static BooleanType seen(boolean seen, boolean discharged) {
        return seen ? new BooleanType(true) : discharged ? new BooleanType(false) : null;
    }

    private boolean sideEffect(List<Observation> observed, String finding) {
        return observed.stream()
                .anyMatch(o -> counts(o)
                        && terms.declares(o, "ketamine-side-effect")
                        && IgTerms.hasCoding(o.getValueCodeableConcept(), terms.observationCodes(), finding));
    }

    /** Whether an in-session score of the scale ({@code moaas}, {@code cadss}) meets the test. */
    private boolean score(List<Observation> observed, String scale, IntPredicate test) {
        return observed.stream()
                .anyMatch(o -> counts(o)
                        && terms.declares(o, "ketamine-score")
                        && IgTerms.hasCoding(o.getCode(), terms.observationCodes(), scale)
                        && o.hasValueIntegerType()
                        && o.getValueIntegerType().getValue() != null
                        && test.test(o.getValueIntegerType().getValue()));
    }

    private static boolean counts(Observation observation) {
        return observation.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
                && observation.getStatus() != Observation.ObservationStatus.CANCELLED;
    }

    /** The safety alerts raised about the session or one of its observations (not entered in error or cancelled). */
    private List<DetectedIssue> alerts(
            MedicationAdministration session, String sessionRef, List<Observation> observed) {
        Set<String> about = new HashSet<>();
        about.add(sessionRef);
        observed.forEach(o -> about.add("Observation/" + o.getIdElement().getIdPart()));
        return chart.issues(session.getSubject().getReference()).stream()
                .filter(issue -> issue.getStatus() != DetectedIssue.DetectedIssueStatus.ENTEREDINERROR
                        && issue.getStatus() != DetectedIssue.DetectedIssueStatus.CANCELLED)
                .filter(issue -> issue.getImplicated().stream().anyMatch(r -> about.contains(r.getReference())))
                .toList();
    }

    /**
     * A low-oxygen-saturation alert, or a respiratory-rate alert for a rate below the configured lower bound (a rate
     * above the upper bound is not respiratory depression; an alert whose reading is not found counts).
     */
    private boolean respiratoryDepressionAlert(List<DetectedIssue> alerts, List<Observation> observed) {
        String system = terms.codeSystem("safety-alert");
        for (DetectedIssue alert : alerts) {
            if (IgTerms.hasCoding(alert.getCode(), system, "oxygen-saturation-low")) {
                return true;
            }
            if (IgTerms.hasCoding(alert.getCode(), system, "respiratory-rate-out-of-range")) {
                Optional<Observation> reading = observed.stream()
                        .filter(o -> alert.getImplicated().stream()
                                .anyMatch(
                                        r -> ("Observation/" + o.getIdElement().getIdPart()).equals(r.getReference())))
                        .findFirst();
                if (reading.isEmpty()
                        || !reading.get().hasValueQuantity()
                        || reading.get()
                                        .getValueQuantity()
                                        .getValue()
                                        .compareTo(BigDecimal.valueOf(vitals.respiratoryRateBelow()))
                                < 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private BooleanType flag(Observation observation, String code) {
        return observation.getComponent().stream()
                .filter(c -> IgTerms.hasCoding(c.getCode(), terms.observationCodes(), code) && c.hasValueBooleanType())
                .map(c -> new BooleanType(c.getValueBooleanType().booleanValue()))
                .findFirst()
                .orElse(null);
    }

    private IntegerType minutes(Observation discharge) {
        Quantity minutes = IgTerms.componentQuantity(discharge, terms.observationCodes(), "minutes-monitored");
        return minutes == null ? null : new IntegerType(minutes.getValue().intValue());
    }

    /** "systolic/diastolic mmHg" of the session's blood pressure at the time point (and minute), or null. */
    private StringType bloodPressure(List<Observation> observed, String point, Integer minutes) {
        for (Observation observation : observed) {
            BloodPressure reading = BloodPressure.of(observation).orElse(null);
            if (reading == null) {
                continue;
            }
            SessionTimePoint timePoint = SessionTimePoint.of(observation, terms).orElse(null);
            if (timePoint == null || !point.equals(timePoint.point())) {
                continue;
            }
            if (minutes != null && !minutes.equals(timePoint.minutesAfterStart())) {
                continue;
            }
            if (reading.isComplete()) {
                return new StringType(reading.systolic().toPlainString() + "/"
                        + reading.diastolic().toPlainString() + " mmHg");
            }
        }
        return null;
    }
}
