package org.ketaminefhir.server.clinical.session;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Body-size arithmetic for dosing. Ideal body weight by the Devine formula: 50 kg (male) or 45.5 kg (female) plus
 * 2.3 kg per inch of height over 60 inches. The formula is the standard one; no ketamine source names which IBW formula
 * to use (CLINICAL_FACTS 1.7, UNCONFIRMED for ketamine).
 */
public final class BodyWeights {

    private static final BigDecimal CM_PER_INCH = new BigDecimal("2.54");
    private static final BigDecimal KG_PER_INCH_OVER_60 = new BigDecimal("2.3");
    private static final BigDecimal SIXTY_INCHES = new BigDecimal("60");
    private static final MathContext PRECISION = MathContext.DECIMAL64;

    private BodyWeights() {}

    /** Body mass index, kg/m2. */
    public static BigDecimal bmi(BigDecimal kg, BigDecimal cm) {
        BigDecimal metres = cm.divide(new BigDecimal("100"), PRECISION);
        return kg.divide(metres.multiply(metres), PRECISION);
    }

    /** Devine ideal body weight in kg, for sex "male" or "female". */
    public static BigDecimal idealDevine(String sex, BigDecimal cm) {
        BigDecimal base = switch (sex) {
            case "male" -> new BigDecimal("50");
            case "female" -> new BigDecimal("45.5");
            default -> throw new IllegalArgumentException("the Devine formula needs male or female, not " + sex);
        };
        BigDecimal inches = cm.divide(CM_PER_INCH, PRECISION);
        return base.add(KG_PER_INCH_OVER_60.multiply(inches.subtract(SIXTY_INCHES)));
    }

    /** Adjusted body weight: ideal plus the factor times the excess of actual over ideal. */
    public static BigDecimal adjusted(BigDecimal ideal, BigDecimal actual, BigDecimal factor) {
        return ideal.add(factor.multiply(actual.subtract(ideal)));
    }

    /** A figure for messages: one decimal. */
    static String show(BigDecimal value) {
        return value.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
