package org.ketaminefhir.server.clinical.monitoring;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The alert levels of session vital signs ({@code ketamine.rules.vitals}); figures and sources in application.yaml.
 * The pre-dose blood pressure limit is {@link org.ketaminefhir.server.clinical.PreDoseBloodPressure}, shared with the
 * eligibility decision.
 */
@Validated
@ConfigurationProperties("ketamine.rules.vitals")
public record VitalSignLimits(
        @NotNull @Min(100) @Max(300) Integer sessionSystolicAtLeast,
        @NotNull @Min(50) @Max(200) Integer sessionDiastolicAtLeast,
        @NotNull @Min(40) @Max(250) Integer heartRateAbove,
        @NotNull @Min(20) @Max(120) Integer heartRateBelow,
        @NotNull @Min(50) @Max(100) Integer oxygenSaturationBelow,
        @NotNull @Min(1) @Max(60) Integer respiratoryRateBelow,
        @NotNull @Min(1) @Max(80) Integer respiratoryRateAbove) {

    /** A check at start-up, not a limit: left out of the dashboard's config.json, which serialises this record. */
    @JsonIgnore
    @AssertTrue(message = "the heart-rate and respiratory-rate lower bounds must be below their upper bounds")
    public boolean isRangesOrdered() {
        return heartRateBelow == null
                || heartRateAbove == null
                || respiratoryRateBelow == null
                || respiratoryRateAbove == null
                || (heartRateBelow < heartRateAbove && respiratoryRateBelow < respiratoryRateAbove);
    }
}
