package org.ketaminefhir.bench;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.IgExamples;

/**
 * A synthetic clinic, the same for the same seed: each patient has a baseline (blood pressure, weight, PHQ-9, GAD-7),
 * a screening and a re-screening before maintenance, a plan, 10 IV ketamine sessions (6 induction on Mon/Wed/Fri, 4
 * maintenance three weeks apart) each with vital signs every 5 minutes for an hour, a discharge assessment and now and
 * then a side effect, and weekly PHQ-9 and GAD-7 that improve. Every resource is copied from an IG example and changed
 * only in its data, so it stays valid against the profiles.
 */
public final class SyntheticClinic {

    private static final String IG = "https://ketaminefhir.org/ig/";
    private static final int[] SESSION_DAYS = {0, 2, 4, 7, 9, 11, 35, 56, 77, 98};
    static final int VITAL_POINTS = 13;

    private final FhirContext fhir;
    private final long seed;
    private final String prefix;

    public SyntheticClinic(FhirContext fhir, long seed, String prefix) {
        this.fhir = fhir;
        this.seed = seed;
        this.prefix = prefix;
    }

    /** One patient's records: a set-up transaction, then one transaction per session. */
    public record PatientRecords(String patientId, Bundle setup, List<Bundle> sessions) {}

    public PatientRecords patient(int index) {
        Random random = new Random(seed * 1_000_003L + index);
        String p = prefix + "p" + index;
        LocalDate day0 = LocalDate.of(2026, 1, 5).plusWeeks(index % 20);
        int weightKg = 55 + random.nextInt(46);

        Bundle setup = transaction();
        Patient patient = copy("Patient", "patient-iv", Patient.class);
        patient.setId(p);
        patient.getIdentifierFirstRep().setValue("MRN-" + p);
        patient.getNameFirstRep().setFamily("Synthetic" + index);
        put(setup, patient);
        Observation bp = observation("iv-baseline-bp", p + "-bp0", p);
        bp.getComponent().get(0).getValueQuantity().setValue(110 + random.nextInt(25));
        bp.getComponent().get(1).getValueQuantity().setValue(70 + random.nextInt(15));
        bp.setEffective(at(day0.minusDays(3), 10, 0));
        put(setup, bp);
        Observation weight = observation("iv-baseline-weight", p + "-wt0", p);
        weight.getValueQuantity().setValue(weightKg);
        weight.setEffective(at(day0.minusDays(3), 10, 0));
        put(setup, weight);
        int phq = 15 + random.nextInt(10);
        int gad = 10 + random.nextInt(10);
        for (int week = 0; week <= 15; week++) {
            LocalDate when = day0.minusDays(3).plusWeeks(week);
            int phqNow = Math.max(0, phq - week * (1 + random.nextInt(2)));
            int gadNow = Math.max(0, gad - week * random.nextInt(2));
            Observation phq9 = observation("iv-phq9-week0", p + "-phq" + week, p);
            phq9.setEffective(at(when, 10, 15));
            phq9.setValue(new IntegerType(phqNow));
            put(setup, phq9);
            Observation gad7 = observation("iv-gad7-week0", p + "-gad" + week, p);
            gad7.setEffective(at(when, 10, 20));
            gad7.setValue(new IntegerType(gadNow));
            put(setup, gad7);
        }
        // Re-weighed at the re-screening before maintenance: a dose per kg needs a weight from the last 90 days.
        Observation reweighed = observation("iv-baseline-weight", p + "-wt1", p);
        reweighed.getValueQuantity().setValue(weightKg);
        reweighed.setEffective(at(day0.plusDays(28), 10, 0));
        put(setup, reweighed);
        for (int screening = 0; screening < 2; screening++) {
            Observation s = observation("iv-screening", p + "-scr" + screening, p);
            s.setEffective(at(screening == 0 ? day0.minusDays(3) : day0.plusDays(28), 11, 0));
            s.getHasMember().clear();
            s.addHasMember(new Reference("Observation/" + p + "-bp0"));
            s.addHasMember(new Reference("Observation/" + p + "-wt" + screening));
            s.addHasMember(new Reference("Observation/" + p + "-phq0"));
            put(setup, s);
        }
        CarePlan plan = copy("CarePlan", "iv-plan", CarePlan.class);
        plan.setId(p + "-plan");
        plan.setSubject(new Reference("Patient/" + p));
        plan.getSupportingInfo().clear();
        plan.addSupportingInfo(new Reference("Observation/" + p + "-scr0"));
        plan.getGoal().clear();
        plan.getPeriod().setStartElement(new DateTimeType(day0.toString()));
        put(setup, plan);

        List<Bundle> sessions = new ArrayList<>();
        for (int n = 0; n < SESSION_DAYS.length; n++) {
            sessions.add(session(random, p, n, day0.plusDays(SESSION_DAYS[n]), weightKg));
        }
        return new PatientRecords("Patient/" + p, setup, sessions);
    }

    private Bundle session(Random random, String p, int n, LocalDate day, int weightKg) {
        Bundle bundle = transaction();
        String s = p + "-s" + n;
        Encounter encounter = copy("Encounter", "iv-encounter-1", Encounter.class);
        encounter.setId(s + "-enc");
        encounter.setSubject(new Reference("Patient/" + p));
        encounter.getPeriod().setStartElement(at(day, 8, 45)).setEndElement(at(day, 10, 30));
        put(bundle, encounter);

        MedicationAdministration session =
                copy("MedicationAdministration", "iv-session-1", MedicationAdministration.class);
        session.setId(s);
        ((Medication) session.getContained().get(0)).getBatch().setLotNumber("KT" + (24000 + n));
        session.getExtensionByUrl(
                        "http://hl7.org/fhir/5.0/StructureDefinition/extension-MedicationAdministration.basedOn")
                .setValue(new Reference("CarePlan/" + p + "-plan"));
        session.getExtensionByUrl(IG + "StructureDefinition/session-number")
                .setValue(new org.hl7.fhir.r4.model.PositiveIntType(n + 1));
        session.getExtensionByUrl(IG + "StructureDefinition/treatment-phase")
                .setValue(new CodeType(n < 6 ? "induction" : "maintenance"));
        session.setSubject(new Reference("Patient/" + p));
        session.setContext(new Reference("Encounter/" + s + "-enc"));
        session.getEffectivePeriod().setStartElement(at(day, 9, 0)).setEndElement(at(day, 9, 40));
        session.getDosage()
                .getDose()
                .setValue(BigDecimal.valueOf(weightKg)
                        .multiply(new BigDecimal("0.5"))
                        .setScale(1, RoundingMode.HALF_UP));
        Extension dosingWeight = session.getDosage().getExtensionByUrl(IG + "StructureDefinition/dosing-weight");
        ((Quantity) dosingWeight.getExtensionByUrl("weight").getValue()).setValue(weightKg);
        put(bundle, session);

        for (int point = 0; point < VITAL_POINTS; point++) {
            int minutes = point * 5;
            String pointCode = point == 0 ? "pre-dose" : point == VITAL_POINTS - 1 ? "pre-discharge" : "intra-session";
            DateTimeType when = at(day, 9, 0);
            when.add(java.util.Calendar.MINUTE, point == 0 ? -5 : minutes);
            int rise = point == 0 || point == VITAL_POINTS - 1 ? 0 : 6 + random.nextInt(10);
            put(
                    bundle,
                    vital(
                            "iv-s1-bp-10min",
                            s + "-bp" + point,
                            p,
                            s,
                            when,
                            pointCode,
                            minutes,
                            118 + random.nextInt(15) + rise,
                            74 + random.nextInt(8) + rise / 2));
            put(
                    bundle,
                    vital(
                            "iv-s1-hr-10min",
                            s + "-hr" + point,
                            p,
                            s,
                            when,
                            pointCode,
                            minutes,
                            64 + random.nextInt(20) + rise / 2,
                            null));
            put(
                    bundle,
                    vital(
                            "iv-s1-spo2-10min",
                            s + "-sp" + point,
                            p,
                            s,
                            when,
                            pointCode,
                            minutes,
                            95 + random.nextInt(5),
                            null));
        }
        Observation discharge = observation("iv-s1-discharge", s + "-dis", p);
        discharge.setPartOf(List.of(new Reference("MedicationAdministration/" + s)));
        discharge.setEffective(at(day, 10, 30));
        put(bundle, discharge);
        if (random.nextInt(5) == 0) {
            Observation effect =
                    observation(random.nextBoolean() ? "iv-s3-nausea" : "iv-s1-dissociation", s + "-se", p);
            effect.setPartOf(List.of(new Reference("MedicationAdministration/" + s)));
            effect.setEffective(at(day, 9, 20));
            put(bundle, effect);
        }
        return bundle;
    }

    private Observation vital(
            String template,
            String id,
            String p,
            String session,
            DateTimeType when,
            String point,
            int minutes,
            int value,
            Integer diastolic) {
        Observation vital = ClinicFixtures.sessionVital(
                template, "Patient/" + p, "MedicationAdministration/" + session, point, minutes, value, diastolic);
        vital.setId(id);
        vital.setEncounter(new Reference("Encounter/" + session + "-enc"));
        vital.setEffective(when.copy());
        return vital;
    }

    private Observation observation(String template, String id, String p) {
        Observation observation = copy("Observation", template, Observation.class);
        observation.setId(id);
        observation.setSubject(new Reference("Patient/" + p));
        return observation;
    }

    private <T extends Resource> T copy(String type, String id, Class<T> as) {
        return fhir.newJsonParser().parseResource(as, IgExamples.get(type, id).json());
    }

    private static DateTimeType at(LocalDate day, int hour, int minute) {
        return new DateTimeType(
                Date.from(day.atTime(hour, minute).toInstant(ZoneOffset.UTC)),
                ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                java.util.TimeZone.getTimeZone("UTC"));
    }

    private static Bundle transaction() {
        return new Bundle().setType(Bundle.BundleType.TRANSACTION);
    }

    private static void put(Bundle bundle, Resource resource) {
        String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        bundle.addEntry()
                .setFullUrl(url)
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(url);
    }
}
