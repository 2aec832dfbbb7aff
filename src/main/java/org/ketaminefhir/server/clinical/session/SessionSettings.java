package org.ketaminefhir.server.clinical.session;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What the rules on writing a session read ({@code ketamine.rules.session}); figures and sources in application.yaml.
 *
 * @param dosePerKgByRoute allowed racemic ketamine mg/kg per SNOMED CT route code, inclusive
 * @param esketamine the esketamine product's doses, device size and monitoring time
 * @param minIntervalHours minimum hours between two sessions of a patient
 * @param overridableRules the soft rules a clinician may override with a reason; each must be a session rule id
 */
@Validated
@ConfigurationProperties("ketamine.rules.session")
public record SessionSettings(
        @NotEmpty Map<String, @Valid @NotNull DoseRange> dosePerKgByRoute,
        @NotNull @Valid Esketamine esketamine,
        @NotNull @Min(0) @Max(24 * 60) Integer minIntervalHours,
        @NotNull List<String> overridableRules) {

    /** An inclusive mg/kg range. */
    public record DoseRange(
            @NotNull @DecimalMin("0") BigDecimal min,
            @NotNull BigDecimal max) {
        @AssertTrue(message = "min must not be above max")
        public boolean isOrdered() {
            return min == null || max == null || min.compareTo(max) <= 0;
        }

        public boolean contains(BigDecimal value) {
            return value != null && value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
        }
    }

    /**
     * @param dosesMg the allowed doses in mg
     * @param mgPerDevice mg of esketamine per nasal spray device
     * @param minMonitoringMinutes minutes of monitoring before a session may complete
     */
    public record Esketamine(
            @NotEmpty List<@NotNull @Min(1) Integer> dosesMg,
            @NotNull @Min(1) Integer mgPerDevice,
            @NotNull @Min(0) Integer minMonitoringMinutes) {

        @AssertTrue(message = "every dose must be a whole number of devices")
        public boolean isWholeDevices() {
            return dosesMg == null
                    || mgPerDevice == null
                    || mgPerDevice < 1
                    || dosesMg.stream().allMatch(mg -> mg != null && mg % mgPerDevice == 0);
        }
    }

    @AssertTrue(message = "overridable-rules lists an unknown rule id; the session rules are " + SessionRules.IDS_TEXT)
    public boolean isOverridableRulesKnown() {
        return overridableRules == null || SessionRules.IDS.containsAll(overridableRules);
    }
}
