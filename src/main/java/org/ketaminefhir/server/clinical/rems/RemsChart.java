package org.ketaminefhir.server.clinical.rems;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateType;
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
import org.ketaminefhir.server.clinical.SessionTimePoint;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * Fills in the {@link RemsForm} of an esketamine session from its records: the patient, the session (date, dose, lot),
 * the concomitant medication flags of the patient's latest screening, and what was observed in the session (blood
 * pressure before dosing, at the configured minute and before completion, discharge readiness, sedation).
 */
public class RemsChart {

    private final PatientChart chart;
    private final IgTerms terms;
    private final RemsSettings settings;

    public RemsChart(PatientChart chart, IgTerms terms, RemsSettings settings) {
        this.chart = chart;
        this.terms = terms;
        this.settings = settings;
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
        boolean sedation = observed.stream()
                .anyMatch(o -> terms.declares(o, "ketamine-side-effect")
                        && IgTerms.hasCoding(o.getValueCodeableConcept(), terms.observationCodes(), "sedation"));
        form.put("sedation", discharge.isPresent() ? new BooleanType(sedation) : null);
        return new RemsForm(form);
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
