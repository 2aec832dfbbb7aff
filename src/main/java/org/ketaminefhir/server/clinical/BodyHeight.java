package org.ketaminefhir.server.clinical;

import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A body height: an Observation coded LOINC 8302-2 (FHIR vital-signs body height profile) with a quantity. Read with
 * the {@link BodyWeight}s for dosing weights (BMI, ideal body weight).
 *
 * @param recorded the quantity as recorded, in whatever unit
 */
public record BodyHeight(Quantity recorded) {

    public static final String CODE = "8302-2";

    /** The height, if the observation is a body height with a quantity. */
    public static Optional<BodyHeight> of(Observation observation) {
        return IgTerms.hasCoding(observation.getCode(), IgTerms.LOINC, CODE) && observation.hasValueQuantity()
                ? Optional.of(new BodyHeight(observation.getValueQuantity()))
                : Optional.empty();
    }

    /** In cm, from UCUM cm, m or [in_i]; empty for any other unit. */
    public Optional<BigDecimal> centimetres() {
        return Optional.ofNullable(Units.centimetres(recorded));
    }
}
