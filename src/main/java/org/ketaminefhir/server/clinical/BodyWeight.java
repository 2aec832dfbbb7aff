package org.ketaminefhir.server.clinical;

import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A body weight: an Observation coded LOINC 29463-7 (FHIR vital-signs body weight profile) with a quantity.
 *
 * @param recorded the quantity as recorded, in whatever unit
 */
public record BodyWeight(Quantity recorded) {

    public static final String CODE = "29463-7";

    /** The weight, if the observation is a body weight with a quantity. */
    public static Optional<BodyWeight> of(Observation observation) {
        return IgTerms.hasCoding(observation.getCode(), IgTerms.LOINC, CODE) && observation.hasValueQuantity()
                ? Optional.of(new BodyWeight(observation.getValueQuantity()))
                : Optional.empty();
    }

    /** In kg, from UCUM kg, g or [lb_av] (the units the vital-signs profile allows); empty for any other unit. */
    public Optional<BigDecimal> kilograms() {
        return Optional.ofNullable(Units.kilograms(recorded));
    }
}
