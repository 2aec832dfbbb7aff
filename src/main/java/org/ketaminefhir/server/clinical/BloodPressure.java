package org.ketaminefhir.server.clinical;

import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;

/**
 * A blood pressure reading: an Observation coded as the LOINC panel 85354-9 (FHIR vital-signs blood pressure profile),
 * its systolic (8480-6) and diastolic (8462-4) components. A part not recorded is null; the rules decide what a
 * half reading means. The units are not read: the vital-signs profile binds both components to mm[Hg].
 *
 * @param systolic the systolic value, or null
 * @param diastolic the diastolic value, or null
 */
public record BloodPressure(BigDecimal systolic, BigDecimal diastolic) {

    public static final String PANEL = "85354-9";
    public static final String SYSTOLIC = "8480-6";
    public static final String DIASTOLIC = "8462-4";

    /** The reading, if the observation is a blood pressure panel (whatever parts it records). */
    public static Optional<BloodPressure> of(Observation observation) {
        if (!IgTerms.hasCoding(observation.getCode(), IgTerms.LOINC, PANEL)) {
            return Optional.empty();
        }
        return Optional.of(new BloodPressure(component(observation, SYSTOLIC), component(observation, DIASTOLIC)));
    }

    /** Whether both parts were recorded. */
    public boolean isComplete() {
        return systolic != null && diastolic != null;
    }

    private static BigDecimal component(Observation observation, String loinc) {
        Quantity quantity = IgTerms.componentQuantity(observation, IgTerms.LOINC, loinc);
        return quantity == null ? null : quantity.getValue();
    }
}
