package org.ketaminefhir.server.clinical.rems;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
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
 * Fills in the {@link RemsForm} of an esketamine session from its records: the patient (names, middle initial, birth
 * date, sex), whether it is the patient's first esketamine treatment, the prescriber (the requester of the session's
 * order), the monitoring clinician (the session's performer: names, telephone, email), the clinic's configured
 * healthcare setting, the session (date, dose, lot),
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
    private final KetamineProducts products;

    public RemsChart(
            PatientChart chart,
            IgTerms terms,
            RemsSettings settings,
            PsychiatricSafetySettings psychiatric,
            VitalSignLimits vitals,
            KetamineProducts products) {
        this.products = products;
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
        HumanName name = patient == null ? null : name(patient.getName());
        form.put("patientFirstName", given(name, 0));
        // The form's middle initial: the initial of a second given name.
        StringType middle = given(name, 1);
        form.put(
                "patientMiddleInitial",
                middle == null
                        ? null
                        : new StringType(middle.getValue().substring(0, 1).toUpperCase(Locale.ROOT)));
        form.put("patientLastName", name == null || !name.hasFamily() ? null : new StringType(name.getFamily()));
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
        form.put("firstTreatment", firstTreatment(session));

        // The prescriber: the requester of the order the session carries out, when it names one.
        Person prescriber = chart.resolve(session.getRequest(), MedicationRequest.class)
                .map(order -> person(order.getRequester()))
                .orElse(Person.NONE);
        form.put("prescriberFirstName", given(prescriber.name(), 0));
        form.put("prescriberLastName", family(prescriber.name()));

        Observation screening =
                chart.latestScreening(session.getSubject().getReference()).orElse(null);
        for (String code : settings.concomitantMedications()) {
            form.put("concomitant-" + code, screening == null ? null : flag(screening, code));
        }

        // The clinician monitoring the patient: the session's (first) performer who is a practitioner.
        Person clinician = session.getPerformer().stream()
                .map(performer -> person(performer.getActor()))
                .filter(person -> person != Person.NONE)
                .findFirst()
                .orElse(Person.NONE);
        form.put("hcpFirstName", given(clinician.name(), 0));
        form.put("hcpLastName", family(clinician.name()));
        form.put("hcpTelephone", telecom(clinician.telecom(), ContactPoint.ContactPointSystem.PHONE));
        form.put("hcpEmail", telecom(clinician.telecom(), ContactPoint.ContactPointSystem.EMAIL));

        // The healthcare setting: the clinic's REMS-certified setting, from configuration.
        RemsSettings.Setting setting = settings.setting();
        form.put("settingName", text(setting.name()));
        form.put("settingAddress1", text(setting.address1()));
        form.put("settingAddress2", text(setting.address2()));
        form.put("settingCity", text(setting.city()));
        form.put("settingState", text(setting.state()));
        form.put("settingZip", text(setting.zip()));

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

    /**
     * Whether the session is the patient's first esketamine treatment: no earlier esketamine session of the patient
     * (one entered in error or not done does not count). Unknown without the session's start.
     */
    private BooleanType firstTreatment(MedicationAdministration session) {
        if (!session.getEffectivePeriod().hasStart() || !session.getSubject().hasReference()) {
            return null;
        }
        java.util.Date start = session.getEffectivePeriod().getStart();
        String id = session.getIdElement().getIdPart();
        boolean earlier = chart.sessions(session.getSubject().getReference()).stream()
                .filter(other -> !other.getIdElement().getIdPart().equals(id))
                .filter(other ->
                        other.getStatus() != MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR
                                && other.getStatus() != MedicationAdministration.MedicationAdministrationStatus.NOTDONE)
                .filter(products::isEsketamine)
                .anyMatch(other -> other.getEffectivePeriod().hasStart()
                        && other.getEffectivePeriod().getStart().before(start));
        return new BooleanType(!earlier);
    }

    /** A practitioner's name and contacts, read from a Practitioner or a PractitionerRole (the role's contacts first). */
    private record Person(HumanName name, List<ContactPoint> telecom) {
        static final Person NONE = new Person(null, List.of());
    }

    private Person person(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return Person.NONE;
        }
        Optional<Practitioner> practitioner = chart.resolve(reference, Practitioner.class);
        if (practitioner.isPresent()) {
            return new Person(
                    name(practitioner.get().getName()), practitioner.get().getTelecom());
        }
        return chart.resolve(reference, PractitionerRole.class)
                .map(role -> {
                    Practitioner who = chart.resolve(role.getPractitioner(), Practitioner.class)
                            .orElse(null);
                    List<ContactPoint> telecom = new java.util.ArrayList<>(role.getTelecom());
                    if (who != null) {
                        telecom.addAll(who.getTelecom());
                    }
                    return who == null && telecom.isEmpty()
                            ? Person.NONE
                            : new Person(who == null ? null : name(who.getName()), telecom);
                })
                .orElse(Person.NONE);
    }

    /** The official name if there is one, else the first. */
    private static HumanName name(List<HumanName> names) {
        return names.stream()
                .filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL)
                .findFirst()
                .orElse(names.isEmpty() ? null : names.get(0));
    }

    private static StringType given(HumanName name, int index) {
        if (name == null || name.getGiven().size() <= index) {
            return null;
        }
        String given = name.getGiven().get(index).getValue();
        return given == null || given.isBlank() ? null : new StringType(given);
    }

    private static StringType family(HumanName name) {
        return name == null || !name.hasFamily() ? null : new StringType(name.getFamily());
    }

    private static StringType telecom(List<ContactPoint> telecom, ContactPoint.ContactPointSystem system) {
        return telecom.stream()
                .filter(c -> c.getSystem() == system && c.hasValue())
                .map(c -> new StringType(c.getValue()))
                .findFirst()
                .orElse(null);
    }

    private static StringType text(String value) {
        return value == null || value.isBlank() ? null : new StringType(value.strip());
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
