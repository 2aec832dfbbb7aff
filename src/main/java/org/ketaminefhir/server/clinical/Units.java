package org.ketaminefhir.server.clinical;

import java.math.BigDecimal;
import java.math.MathContext;
import org.hl7.fhir.r4.model.Quantity;

/** UCUM body weights and heights in kg and cm, doses in mg and mg/kg; a quantity in another unit (or none) is not used. */
public final class Units {

    private Units() {}

    /** A body weight in kg (given in kg, g or [lb_av]), or null. */
    public static BigDecimal kilograms(Quantity quantity) {
        return convert(quantity, "kg", "1", "g", "0.001", "[lb_av]", "0.45359237");
    }

    /** A body height in cm (given in cm, m or [in_i]), or null. */
    static BigDecimal centimetres(Quantity quantity) {
        return convert(quantity, "cm", "1", "m", "100", "[in_i]", "2.54");
    }

    /** A dose in mg (given in mg, g or ug), or null. */
    public static BigDecimal milligrams(Quantity quantity) {
        return convert(quantity, "mg", "1", "g", "1000", "ug", "0.001");
    }

    /** A dose per body weight in mg/kg, or null. */
    public static BigDecimal milligramsPerKilogram(Quantity quantity) {
        return convert(quantity, "mg/kg", "1", "ug/kg", "0.001");
    }

    /** The value in the first unit, given (code, factor) pairs; null if the unit is none of them. */
    private static BigDecimal convert(Quantity quantity, String... codesAndFactors) {
        if (quantity == null
                || quantity.getValue() == null
                || (quantity.hasSystem() && !IgTerms.UCUM.equals(quantity.getSystem()))) {
            return null;
        }
        String code = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
        for (int i = 0; i < codesAndFactors.length; i += 2) {
            if (codesAndFactors[i].equals(code)) {
                return quantity.getValue().multiply(new BigDecimal(codesAndFactors[i + 1]), MathContext.DECIMAL64);
            }
        }
        return null;
    }
}
