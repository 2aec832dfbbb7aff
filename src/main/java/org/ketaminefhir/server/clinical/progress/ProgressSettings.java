package org.ketaminefhir.server.clinical.progress;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What the measurement-based-care summary reads ({@code ketamine.rules.progress}); figures and sources in
 * application.yaml.
 *
 * @param responseMinDrop the fraction of the baseline score a response must drop by
 * @param baselineWindowDays the baseline is the last score at most this many days before the first session
 * @param remissionMaxScore per instrument code (LOINC or IG code), the highest total that counts as remission
 */
@Validated
@ConfigurationProperties("ketamine.rules.progress")
public record ProgressSettings(
        @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        BigDecimal responseMinDrop,

        @NotNull @Min(0) @Max(365) Integer baselineWindowDays,
        @NotNull Map<String, @NotNull @Min(0) Integer> remissionMaxScore) {}
