package org.ketaminefhir.server.clinical.rems;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the REMS form is tracked to its submission ({@code ketamine.rules.rems}, beside {@link RemsSettings}); sources
 * in application.yaml.
 *
 * @param submissionDueDays the form is due this many days after the session's date
 * @param overdueCheckInterval how often the overdue sweep runs
 */
@Validated
@ConfigurationProperties("ketamine.rules.rems")
public record RemsTrackingSettings(
        @NotNull @Min(0) @Max(90) Integer submissionDueDays,
        @NotNull Duration overdueCheckInterval) {

    @AssertTrue(message = "must be between 1 second and 1 day")
    public boolean isOverdueCheckIntervalValid() {
        return overdueCheckInterval == null
                || (overdueCheckInterval.compareTo(Duration.ofSeconds(1)) >= 0
                        && overdueCheckInterval.compareTo(Duration.ofDays(1)) <= 0);
    }
}
