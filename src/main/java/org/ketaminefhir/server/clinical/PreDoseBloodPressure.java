package org.ketaminefhir.server.clinical;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The pre-treatment blood pressure above which treatment waits ({@code ketamine.rules.predose-blood-pressure}): the
 * eligibility decision defers the patient, and a pre-dose reading in a session raises a warning. One figure for both.
 */
@Validated
@ConfigurationProperties("ketamine.rules.predose-blood-pressure")
public record PreDoseBloodPressure(
        @NotNull @Min(80) @Max(250) Integer systolicAbove,
        @NotNull @Min(40) @Max(150) Integer diastolicAbove) {

    /** Whether the reading is above the limit (either part strictly above); null parts are not above. */
    public boolean isAbove(Number systolic, Number diastolic) {
        return exceeds(systolic, systolicAbove) || exceeds(diastolic, diastolicAbove);
    }

    private static boolean exceeds(Number value, int limit) {
        return value != null
                && new java.math.BigDecimal(value.toString()).compareTo(java.math.BigDecimal.valueOf(limit)) > 0;
    }

    @Override
    public String toString() {
        return systolicAbove + "/" + diastolicAbove;
    }
}
