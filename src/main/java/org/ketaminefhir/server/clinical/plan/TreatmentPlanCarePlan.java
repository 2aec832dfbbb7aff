package org.ketaminefhir.server.clinical.plan;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.plan.PlanSettings.Protocol;

/**
 * States a {@link TreatmentPlan} as the IG's ketamine-treatment-plan CarePlan: one activity per induction session
 * (scheduled period, product, planned route, dose per kg, phase), a maintenance activity on a weekly timing, and a
 * weekly measurement activity naming the Questionnaires it asks for; the licensing screening as supporting
 * information.
 */
public class TreatmentPlanCarePlan {

    private static final Map<String, String> ROUTE_DISPLAY = Map.of(
            "47625008",
            "Intravenous route",
            "78421000",
            "Intramuscular route",
            "46713006",
            "Nasal route",
            "34206005",
            "Subcutaneous route",
            "26643006",
            "Oral route",
            "37839007",
            "Sublingual route");

    private final IgTerms terms;
    private final List<String> measurementQuestionnaires;

    /**
     * @param measurementQuestionnaires ids of the IG's Questionnaires the measurement asks for (phq-9, gad-7)
     */
    public TreatmentPlanCarePlan(IgTerms terms, List<String> measurementQuestionnaires) {
        this.terms = terms;
        this.measurementQuestionnaires = List.copyOf(measurementQuestionnaires);
    }

    public CarePlan of(TreatmentPlan plan) {
        CarePlan carePlan = new CarePlan();
        carePlan.getMeta().addProfile(terms.profile("ketamine-treatment-plan"));
        carePlan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        carePlan.setIntent(CarePlan.CarePlanIntent.PLAN);
        carePlan.addCategory(new CodeableConcept(activityCode("ketamine-session", "Ketamine dosing session")));
        carePlan.setSubject(new Reference(plan.patient()));
        carePlan.setPeriod(
                new Period().setStartElement(new DateTimeType(plan.start().toString())));
        carePlan.addSupportingInfo(new Reference(plan.screening()));
        carePlan.setDescription(plan.description());

        for (TreatmentPlan.Session session : plan.induction()) {
            CarePlan.CarePlanActivityComponent activity =
                    sessionActivity(carePlan, plan.protocol(), session.dosePerKg(), "induction");
            activity.getDetail()
                    .setScheduled(
                            new Period().setStart(Date.from(session.start())).setEnd(Date.from(session.end())));
            activity.getDetail().setDescription(session.description());
        }
        TreatmentPlan.Maintenance maintenance = plan.maintenance();
        CarePlan.CarePlanActivityComponent activity =
                sessionActivity(carePlan, plan.protocol(), maintenance.dosePerKg(), "maintenance");
        activity.getDetail().setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED);
        activity.getDetail().setScheduled(weekly(maintenance.from(), null, maintenance.everyWeeks()));
        activity.getDetail().setDescription(maintenance.description());

        TreatmentPlan.Measurement measurement = plan.measurement();
        CarePlan.CarePlanActivityDetailComponent measuring = carePlan.addActivity()
                .getDetail()
                .setKind(CarePlan.CarePlanActivityKind.SERVICEREQUEST)
                .setCode(new CodeableConcept(activityCode("measurement", "Rating scale measurement")))
                .setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED)
                .setDescription(measurement.description())
                .setScheduled(weekly(measurement.from(), measurement.to(), 1));
        // The Questionnaires it asks the patient for: the server keeps a Task per measurement and Questionnaire.
        measurementQuestionnaires.forEach(id -> measuring.addInstantiatesCanonical(terms.questionnaire(id)));
        return carePlan;
    }

    private CarePlan.CarePlanActivityComponent sessionActivity(
            CarePlan carePlan, Protocol protocol, BigDecimal dosePerKg, String phase) {
        CarePlan.CarePlanActivityComponent activity = carePlan.addActivity();
        activity.addExtension(terms.extension("treatment-phase"), new CodeType(phase));
        CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
        detail.setKind(CarePlan.CarePlanActivityKind.MEDICATIONREQUEST)
                .setCode(new CodeableConcept(activityCode("ketamine-session", "Ketamine dosing session")))
                .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                .setProduct(new CodeableConcept(
                        new Coding(terms.codeSystem("ketamine-product"), protocol.product(), null)));
        detail.addExtension(
                terms.extension("planned-route"),
                new CodeableConcept(new Coding(IgTerms.SNOMED, protocol.route(), ROUTE_DISPLAY.get(protocol.route()))));
        detail.addExtension(
                terms.extension("dose-per-kg"),
                new Quantity()
                        .setValue(dosePerKg)
                        .setUnit("mg/kg")
                        .setSystem(IgTerms.UCUM)
                        .setCode("mg/kg"));
        return activity;
    }

    private Coding activityCode(String code, String display) {
        return new Coding(terms.codeSystem("plan-activity"), code, display);
    }

    private static Timing weekly(LocalDate from, LocalDate to, int everyWeeks) {
        Timing timing = new Timing();
        Period bounds = new Period().setStartElement(new DateTimeType(from.toString()));
        if (to != null) {
            bounds.setEndElement(new DateTimeType(to.toString()));
        }
        timing.getRepeat()
                .setBounds(bounds)
                .setFrequency(1)
                .setPeriod(everyWeeks)
                .setPeriodUnit(Timing.UnitsOfTime.WK);
        return timing;
    }
}
