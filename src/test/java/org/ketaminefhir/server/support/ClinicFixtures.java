package org.ketaminefhir.server.support;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * Builds a clinic's records for the rule tests from the IG's own examples (so that they are valid against the
 * profiles), changing only what a test is about, and writes them to the server over HTTP.
 */
public final class ClinicFixtures {

    public static final String IG = "https://ketaminefhir.org/ig/";
    public static final String OBS_CODES = IG + "CodeSystem/ketamine-observation-codes";

    private final IGenericClient client;

    public ClinicFixtures(IGenericClient client) {
        this.client = client;
    }

    public static <T extends Resource> T example(String type, String id, Class<T> as) {
        T resource = FhirServerTestBase.FHIR
                .newJsonParser()
                .parseResource(as, IgExamples.get(type, id).json());
        resource.setId((String) null);
        return resource;
    }

    public String create(Resource resource) {
        IIdType id = client.create().resource(resource).execute().getId();
        return id.toUnqualifiedVersionless().getValue();
    }

    /** The Patient the demo clinic's patient user is linked to ({@link TestClinic#PATIENT_USER_PATIENT}), made if absent. */
    public String patientUsersPatient() {
        String own = "Patient/" + TestClinic.PATIENT_USER_PATIENT;
        try {
            client.read().resource(Patient.class).withId(own).execute();
        } catch (ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException absent) {
            Patient patient = new Patient();
            patient.setId(TestClinic.PATIENT_USER_PATIENT);
            patient.addName().setFamily("Avery").addGiven("Alex");
            client.update().resource(patient).execute();
        }
        return own;
    }

    public String patient() {
        Patient patient = example("Patient", "patient-iv", Patient.class);
        patient.getIdentifierFirstRep().setValue("T-" + UUID.randomUUID());
        return create(patient);
    }

    /** A baseline blood pressure for the patient (dated as the IG example). */
    public String bloodPressure(String patient, int systolic, int diastolic) {
        return bloodPressure(patient, null, systolic, diastolic);
    }

    /** A blood pressure for the patient at {@code effective} (null: as the IG example). */
    public String bloodPressure(String patient, String effective, int systolic, int diastolic) {
        Observation bp = example("Observation", "iv-baseline-bp", Observation.class);
        bp.setSubject(new Reference(patient));
        if (effective != null) {
            bp.setEffective(new DateTimeType(effective));
        }
        bp.getComponent().get(0).getValueQuantity().setValue(systolic);
        bp.getComponent().get(1).getValueQuantity().setValue(diastolic);
        return create(bp);
    }

    /** A body weight (dated as the IG example). */
    public String weight(String patient, double kg) {
        return weight(patient, null, kg);
    }

    /** A body weight at {@code effective} (null: as the IG example). */
    public String weight(String patient, String effective, double kg) {
        Observation weight = example("Observation", "iv-baseline-weight", Observation.class);
        weight.setSubject(new Reference(patient));
        if (effective != null) {
            weight.setEffective(new DateTimeType(effective));
        }
        weight.getValueQuantity().setValue(kg);
        return create(weight);
    }

    /** A body height in cm (FHIR vital-signs body height profile, LOINC 8302-2). */
    public String height(String patient, String effective, double cm) {
        Observation height = example("Observation", "iv-baseline-weight", Observation.class);
        height.getMeta().getProfile().clear();
        height.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/bodyheight");
        height.setCode(new org.hl7.fhir.r4.model.CodeableConcept(
                new org.hl7.fhir.r4.model.Coding("http://loinc.org", "8302-2", "Body height")));
        height.setSubject(new Reference(patient));
        height.setEffective(new DateTimeType(effective));
        height.setValue(new Quantity()
                .setValue(cm)
                .setUnit("cm")
                .setSystem("http://unitsofmeasure.org")
                .setCode("cm"));
        return create(height);
    }

    /**
     * The observations a screening links, all at {@code effective}: blood pressure, body weight and a PHQ-9 score (21).
     */
    public String[] baseline(String patient, String effective, int systolic, int diastolic, double kg) {
        return new String[] {
            bloodPressure(patient, effective, systolic, diastolic),
            weight(patient, effective, kg),
            score(patient, "iv-phq9-week0", effective, 21)
        };
    }

    /** A rating-scale score: {@code example} names the IG example to copy (e.g. iv-phq9-week0). */
    public String score(String patient, String example, String effective, int value) {
        Observation score = example("Observation", example, Observation.class);
        score.setSubject(new Reference(patient));
        score.setEffective(new DateTimeType(effective));
        score.setValue(new org.hl7.fhir.r4.model.IntegerType(value));
        return create(score);
    }

    /**
     * A screening copied from the IV example (all flags "no", three adequate trials, pregnancy not applicable), with the
     * changes given: flag or item code to a value (Boolean, Integer, pregnancy-status code as String), or null to drop
     * the component. Links the given baseline observations.
     */
    public Observation screeningTemplate(
            String patient, String effective, Map<String, Object> changes, String... members) {
        Observation screening = example("Observation", "iv-screening", Observation.class);
        screening.setSubject(new Reference(patient));
        screening.setEffective(new DateTimeType(effective));
        screening.setValue(null);
        screening.getHasMember().clear();
        for (String member : members) {
            screening.addHasMember(new Reference(member));
        }
        changes.forEach((code, value) -> {
            Observation.ObservationComponentComponent component = screening.getComponent().stream()
                    .filter(c -> c.getCode().getCodingFirstRep().getCode().equals(code))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no component " + code));
            if (value == null) {
                screening.getComponent().remove(component);
            } else if (value instanceof Boolean b) {
                component.setValue(new org.hl7.fhir.r4.model.BooleanType(b));
            } else if (value instanceof Integer i) {
                component.setValue(new org.hl7.fhir.r4.model.IntegerType(i));
            } else {
                component.getValueCodeableConcept().getCodingFirstRep().setCode((String) value);
            }
        });
        return screening;
    }

    /**
     * A screening already decided, as the eligibility rules decide it: baseline observations (80 kg, 120/80 mmHg, or
     * 150/95 for deferred; PHQ-9 21) and the screening at {@code effective}, its items set so that the rules reach
     * {@code outcome}, and the outcome written as its value; all in one transaction. Returns the screening's id.
     */
    public String decidedScreening(String patient, String effective, String outcome) {
        boolean deferred = outcome.equals("deferred");
        Map<String, Object> changes = new java.util.HashMap<>();
        switch (outcome) {
            case "not-eligible" -> changes.put("aneurysmal-vascular-disease", true);
            case "incomplete" -> changes.put("adequate-antidepressant-trials", null);
            case "eligible-with-precautions" -> changes.put("benzodiazepines", true);
            case "eligible", "deferred" -> {}
            default -> throw new IllegalArgumentException("unknown outcome " + outcome);
        }
        Observation bp = example("Observation", "iv-baseline-bp", Observation.class);
        bp.getComponent().get(0).getValueQuantity().setValue(deferred ? 150 : 120);
        bp.getComponent().get(1).getValueQuantity().setValue(deferred ? 95 : 80);
        Observation weight = example("Observation", "iv-baseline-weight", Observation.class);
        Observation score = example("Observation", "iv-phq9-week0", Observation.class);
        Observation screening = screeningTemplate(patient, effective, changes);
        org.hl7.fhir.r4.model.Bundle bundle =
                new org.hl7.fhir.r4.model.Bundle().setType(org.hl7.fhir.r4.model.Bundle.BundleType.TRANSACTION);
        for (Observation member : java.util.List.of(bp, weight, score)) {
            member.setSubject(new Reference(patient));
            member.setEffective(new DateTimeType(effective));
            String fullUrl = "urn:uuid:" + UUID.randomUUID();
            bundle.addEntry()
                    .setFullUrl(fullUrl)
                    .setResource(member)
                    .getRequest()
                    .setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST)
                    .setUrl("Observation");
            screening.addHasMember(new Reference(fullUrl));
        }
        screening.setValue(new org.hl7.fhir.r4.model.CodeableConcept(
                new org.hl7.fhir.r4.model.Coding(IG + "CodeSystem/eligibility-outcome", outcome, null)));
        bundle.addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(screening)
                .getRequest()
                .setMethod(org.hl7.fhir.r4.model.Bundle.HTTPVerb.POST)
                .setUrl("Observation");
        org.hl7.fhir.r4.model.Bundle response =
                client.transaction().withBundle(bundle).execute();
        return new org.hl7.fhir.r4.model.IdType(
                        response.getEntry().get(3).getResponse().getLocation())
                .toUnqualifiedVersionless()
                .getValue();
    }

    public String plan(String patient) {
        CarePlan plan = example("CarePlan", "iv-plan", CarePlan.class);
        plan.setSubject(new Reference(patient));
        plan.getSupportingInfo().clear();
        plan.getGoal().clear();
        return create(plan);
    }

    public String encounter(String patient, Instant start, Instant end) {
        Encounter encounter = example("Encounter", "iv-encounter-1", Encounter.class);
        encounter.setSubject(new Reference(patient));
        encounter.getPeriod().setStart(Date.from(start)).setEnd(Date.from(end));
        return create(encounter);
    }

    /** An IV racemic ketamine session like the IG's: 80 kg, the given mg/kg (dose in mg to match), 40 minutes. */
    public MedicationAdministration ivSession(
            String patient, String plan, String encounter, Instant start, BigDecimal mgPerKg) {
        MedicationAdministration session = session("iv-session-1", patient, plan, encounter, start, 40);
        session.getDosage().getDose().setValue(mgPerKg.multiply(BigDecimal.valueOf(80)));
        ((Quantity) session.getDosage()
                        .getExtensionByUrl(IG + "StructureDefinition/dose-per-kg")
                        .getValue())
                .setValue(mgPerKg);
        return session;
    }

    /** Puts the session on another dosing weight (basis actual, ideal or adjusted) and its dose in mg to match its mg/kg. */
    public static MedicationAdministration dosingWeight(MedicationAdministration session, String basis, double kg) {
        Extension dosingWeight = session.getDosage().getExtensionByUrl(IG + "StructureDefinition/dosing-weight");
        dosingWeight.getExtensionByUrl("basis").setValue(new org.hl7.fhir.r4.model.CodeType(basis));
        ((Quantity) dosingWeight.getExtensionByUrl("weight").getValue()).setValue(kg);
        BigDecimal perKg = ((Quantity) session.getDosage()
                        .getExtensionByUrl(IG + "StructureDefinition/dose-per-kg")
                        .getValue())
                .getValue();
        session.getDosage().getDose().setValue(perKg.multiply(BigDecimal.valueOf(kg)));
        return session;
    }

    /** An esketamine session like the IG's, with the given dose and route. */
    public MedicationAdministration esketamineSession(
            String patient, String plan, String encounter, Instant start, int mg) {
        MedicationAdministration session = session("esk-session-1", patient, plan, encounter, start, 10);
        session.getDosage().getDose().setValue(mg);
        return session;
    }

    /** The IG example session {@code example}, moved to the patient, plan and encounter, given for that many minutes. */
    private static MedicationAdministration session(
            String example, String patient, String plan, String encounter, Instant start, int minutes) {
        MedicationAdministration session = example("MedicationAdministration", example, MedicationAdministration.class);
        session.setSubject(new Reference(patient));
        session.setContext(new Reference(encounter));
        session.getExtensionByUrl(
                        "http://hl7.org/fhir/5.0/StructureDefinition/extension-MedicationAdministration.basedOn")
                .setValue(new Reference(plan));
        session.getEffectivePeriod().setStart(Date.from(start)).setEnd(Date.from(start.plusSeconds(minutes * 60L)));
        return session;
    }

    public static void override(MedicationAdministration session, String rule, String reason) {
        Extension override = session.addExtension().setUrl(IG + "StructureDefinition/rule-override");
        override.addExtension("rule", new StringType(rule));
        override.addExtension("reason", new StringType(reason));
    }

    /**
     * A session vital sign copied from the IG example {@code template} (a blood pressure when {@code diastolic} is given),
     * part of the session, at the time point; minutes are kept for intra-session points only.
     */
    public static Observation sessionVital(
            String template, String patient, String session, String point, int minutes, int value, Integer diastolic) {
        Observation vital = example("Observation", template, Observation.class);
        vital.setSubject(new Reference(patient));
        vital.setPartOf(java.util.List.of(new Reference(session)));
        Extension timePoint = vital.getExtensionByUrl(IG + "StructureDefinition/session-time-point");
        timePoint.getExtension().clear();
        timePoint.addExtension("point", new org.hl7.fhir.r4.model.CodeType(point));
        if (point.equals("intra-session")) {
            timePoint.addExtension("minutesAfterStart", new org.hl7.fhir.r4.model.IntegerType(minutes));
        }
        if (diastolic == null) {
            vital.getValueQuantity().setValue(value);
        } else {
            vital.getComponent().get(0).getValueQuantity().setValue(value);
            vital.getComponent().get(1).getValueQuantity().setValue(diastolic);
        }
        return vital;
    }

    /** A discharge-readiness observation for a session, all items resolved, with the minutes monitored. */
    public String discharge(String patient, String session, Instant when, int minutes) {
        return create(dischargeReadiness(patient, session, when, minutes));
    }

    /** The discharge readiness of {@link #discharge}, not yet written: ready, all items resolved. */
    public static Observation dischargeReadiness(String patient, String session, Instant when, int minutes) {
        Observation discharge = example("Observation", "esk-s1-discharge", Observation.class);
        discharge.setSubject(new Reference(patient));
        discharge.setPartOf(java.util.List.of(new Reference(session)));
        discharge.setEffective(new DateTimeType(Date.from(when)));
        discharge.getComponent().stream()
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals("minutes-monitored"))
                .forEach(c -> c.getValueQuantity().setValue(minutes));
        return discharge;
    }

    /**
     * An in-session score of the session, copied from the IG's CADSS example: {@code scale} is {@code cadss} or
     * {@code moaas} (codes of the IG's ketamine-observation-codes), taken at {@code when}.
     */
    public static Observation inSessionScore(String patient, String session, String scale, int value, Instant when) {
        Observation score = example("Observation", "iv-s1-cadss", Observation.class);
        score.setSubject(new Reference(patient));
        score.setPartOf(java.util.List.of(new Reference(session)));
        score.setCode(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                OBS_CODES, scale, scale.equals("moaas") ? "MOAA/S score" : "CADSS total score")));
        score.setEffective(new DateTimeType(Date.from(when)));
        score.setValue(new org.hl7.fhir.r4.model.IntegerType(value));
        return score;
    }

    /**
     * A suicide-risk safety alert of the patient, open (preliminary), high, as the questionnaire rules raise it: code
     * {@code suicide-risk-phq9-item9} or {@code suicide-risk-high} (or {@code -moderate}) of the IG's safety-alert
     * CodeSystem, identified at {@code identified}.
     */
    public static org.hl7.fhir.r4.model.DetectedIssue suicideRiskAlert(
            String patient, String code, Instant identified) {
        org.hl7.fhir.r4.model.DetectedIssue alert = new org.hl7.fhir.r4.model.DetectedIssue();
        alert.setStatus(org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueStatus.PRELIMINARY);
        alert.setCode(new org.hl7.fhir.r4.model.CodeableConcept(
                new org.hl7.fhir.r4.model.Coding(IG + "CodeSystem/safety-alert", code, null)));
        alert.setSeverity(
                code.endsWith("moderate")
                        ? org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueSeverity.MODERATE
                        : org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueSeverity.HIGH);
        alert.setPatient(new Reference(patient));
        alert.setIdentified(new DateTimeType(Date.from(identified)));
        alert.setDetail((code.contains("phq9") ? "PHQ9-ITEM9" : "CSSRS-RISK") + ": raised by the test");
        return alert;
    }

    /** The alert as a clinician reviews it: status final, with a mitigation (action of suicide-risk-review). */
    public static org.hl7.fhir.r4.model.DetectedIssue reviewed(
            org.hl7.fhir.r4.model.DetectedIssue alert, String action, String practitioner) {
        alert.setStatus(org.hl7.fhir.r4.model.DetectedIssue.DetectedIssueStatus.FINAL);
        alert.addMitigation()
                .setAction(new org.hl7.fhir.r4.model.CodeableConcept(
                        new org.hl7.fhir.r4.model.Coding(IG + "CodeSystem/suicide-risk-review", action, null)))
                .setDate(new Date())
                .setAuthor(new Reference(practitioner));
        return alert;
    }

    /** A patient, their current eligible screening and plan, and one IV session (0.5 mg/kg) that started at {@code start}. */
    public record SessionOfPatient(String patient, String session) {}

    /** Writes {@link SessionOfPatient}: the set-up of the tests about what a session's vital signs raise. */
    public SessionOfPatient eligiblePatientWithIvSession(Instant start) {
        String patient = patient();
        decidedScreening(patient, "2026-01-02T11:00:00Z", "eligible");
        String plan = plan(patient);
        String encounter = encounter(patient, start.minusSeconds(900), start.plusSeconds(5400));
        return new SessionOfPatient(patient, create(ivSession(patient, plan, encounter, start, new BigDecimal("0.5"))));
    }
}
