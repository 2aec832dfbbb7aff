package org.ketaminefhir.server.cds;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.Units;

/**
 * What a prescriber's draft ketamine or esketamine order says, as the session rules need it: the product, the route,
 * the dose (in mg, or in mg/kg), and when the session would start (the order's timing, else now).
 *
 * @param reference   how the EHR names the order ({@code MedicationRequest/id}), for the card
 * @param esketamine  whether the product is esketamine
 * @param routeCode   SNOMED CT route code of the first dosage instruction, or null
 * @param doseMg      the dose in mg, or null
 * @param dosePerKg   the dose in mg/kg as ordered, or null
 * @param start       when the session would start
 */
public record DraftOrder(
        String reference,
        boolean esketamine,
        String routeCode,
        BigDecimal doseMg,
        BigDecimal dosePerKg,
        Instant start) {

    /** Reads the order's first dosage instruction; {@code now} stands in for a start the order does not give. */
    public static DraftOrder of(MedicationRequest order, boolean esketamine, Instant now) {
        Dosage dosage = order.getDosageInstructionFirstRep();
        Quantity dose = dosage.getDoseAndRate().stream()
                .filter(d -> d.hasDoseQuantity())
                .map(d -> d.getDoseQuantity())
                .findFirst()
                .orElse(null);
        String reference = order.getIdElement().hasIdPart()
                ? "MedicationRequest/" + order.getIdElement().getIdPart()
                : "MedicationRequest";
        return new DraftOrder(
                reference,
                esketamine,
                IgTerms.codeIn(dosage.getRoute(), IgTerms.SNOMED),
                Units.milligrams(dose),
                Units.milligramsPerKilogram(dose),
                start(dosage.getTiming(), now));
    }

    private static Instant start(Timing timing, Instant now) {
        if (timing.hasRepeat()
                && timing.getRepeat().hasBoundsPeriod()
                && timing.getRepeat().getBoundsPeriod().hasStart()) {
            return timing.getRepeat().getBoundsPeriod().getStart().toInstant();
        }
        return timing.getEvent().stream()
                .map(event -> event.getValue())
                .filter(java.util.Objects::nonNull)
                .map(Date::toInstant)
                .min(Instant::compareTo)
                .orElse(now);
    }

    /** What the order says that a rule looked at, in the words of the card: dose and route, sent by the EHR. */
    public String dose() {
        String amount = dosePerKg != null
                ? dosePerKg.stripTrailingZeros().toPlainString() + " mg/kg"
                : doseMg != null ? doseMg.stripTrailingZeros().toPlainString() + " mg" : "no dose in mg or mg/kg";
        return amount + ", route " + (routeCode == null ? "not given" : "SNOMED CT " + routeCode);
    }
}
