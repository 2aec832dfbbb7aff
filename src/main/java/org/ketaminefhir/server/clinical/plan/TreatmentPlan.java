package org.ketaminefhir.server.clinical.plan;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.ketaminefhir.server.clinical.plan.PlanSettings.Protocol;

/**
 * A treatment plan as {@link TreatmentPlanning} makes it, in the clinic's terms; {@link TreatmentPlanCarePlan} states it
 * as the IG's treatment-plan CarePlan.
 *
 * @param patient the patient's id (Patient/...)
 * @param screening the id of the screening that licenses the plan (Observation/...)
 * @param start the first day of the plan
 * @param protocolCode the protocol's code in the IG's treatment-protocol CodeSystem
 * @param protocol the protocol's product, route, doses and schedule
 * @param treatmentDays the days of the week the clinic treats on
 * @param description what was generated, in one line
 * @param induction the dated induction sessions, in order
 * @param maintenance the maintenance that follows induction
 * @param measurement the weekly rating-scale measurement
 */
public record TreatmentPlan(
        String patient,
        String screening,
        LocalDate start,
        String protocolCode,
        Protocol protocol,
        Set<DayOfWeek> treatmentDays,
        String description,
        List<Session> induction,
        Maintenance maintenance,
        Measurement measurement) {

    /** A dated induction session: when it starts and ends, its dose in mg/kg, and what the clinician reads. */
    public record Session(Instant start, Instant end, BigDecimal dosePerKg, String description) {}

    /** Maintenance sessions every {@code everyWeeks} weeks from {@code from}, at {@code dosePerKg}. */
    public record Maintenance(LocalDate from, int everyWeeks, BigDecimal dosePerKg, String description) {}

    /** Rating scales weekly from {@code from} to {@code to}. */
    public record Measurement(LocalDate from, LocalDate to, String description) {}
}
