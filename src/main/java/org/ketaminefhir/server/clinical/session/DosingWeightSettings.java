package org.ketaminefhir.server.clinical.session;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What the dosing-weight rule reads ({@code ketamine.rules.dosing-weight}); figures and sources in application.yaml.
 *
 * @param maxAgeDays the reference body weight is the latest recorded at most this many days before the session
 * @param tolerancePercent how far the stated dosing weight may be from the computed one, in percent of it
 * @param allowedBases the dosing-weight bases the clinic's protocol allows
 * @param idealFromBmi ideal and adjusted body weight only at or above this BMI
 * @param adjustedFactor adjusted = ideal + factor x (actual - ideal)
 */
@Validated
@ConfigurationProperties("ketamine.rules.dosing-weight")
public record DosingWeightSettings(
        @NotNull @Min(1) @Max(3650) Integer maxAgeDays,
        @NotNull @DecimalMin("0") @DecimalMax("50") BigDecimal tolerancePercent,
        @NotEmpty Set<DosingWeightBasis> allowedBases,
        @NotNull @DecimalMin("10") @DecimalMax("80") BigDecimal idealFromBmi,
        @NotNull @DecimalMin("0") @DecimalMax("1") BigDecimal adjustedFactor) {}
