package org.ketaminefhir.server.clinical.plan;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What {@code $ketamine-plan} reads ({@code ketamine.rules.plan}); figures and sources in application.yaml.
 *
 * @param clinicTimeZone the clinic's time zone, for the dates of generated plans
 * @param sessionStartTime local start time of planned sessions (HH:mm)
 * @param defaultTreatmentDays the clinic's treatment days (mon ... sun) when a request names none
 * @param measurementWeeksAfterInduction weeks after the end of induction that rating scales stay weekly
 * @param protocols the schedulable protocols, by code of the IG's treatment-protocol CodeSystem
 */
@Validated
@ConfigurationProperties("ketamine.rules.plan")
public record PlanSettings(
        @NotBlank String clinicTimeZone,
        @NotBlank String sessionStartTime,
        @NotEmpty List<String> defaultTreatmentDays,
        @NotNull @Min(0) @Max(52) Integer measurementWeeksAfterInduction,
        @NotEmpty Map<String, @Valid @NotNull Protocol> protocols) {

    /**
     * A treatment protocol: racemic ketamine dosed per kg, or a fixed-dose product dosed in mg per session.
     *
     * @param product code of the IG's ketamine-product CodeSystem
     * @param route SNOMED CT route code
     * @param dosePerKg mg/kg per session (per-kg protocols)
     * @param doseMgBySession mg per induction session, the last repeating (fixed-dose protocols)
     */
    public record Protocol(
            @NotBlank String product,
            @NotBlank String route,
            @DecimalMin(value = "0", inclusive = false) BigDecimal dosePerKg,
            List<@NotNull @Min(1) Integer> doseMgBySession,
            @NotNull @Min(1) @Max(24 * 60) Integer durationMinutes,
            @NotNull @Min(1) @Max(100) Integer inductionSessions,
            @NotNull @Min(1) @Max(7) Integer maxSessionsPerWeek,
            @NotNull @Min(1) @Max(52) Integer maintenanceIntervalWeeks) {

        @AssertTrue(message = "give either dose-per-kg or dose-mg-by-session, not both")
        public boolean isDosedOneWay() {
            return (dosePerKg != null) != (doseMgBySession != null && !doseMgBySession.isEmpty());
        }

        public boolean perKg() {
            return dosePerKg != null;
        }

        /** mg of a fixed-dose session (0-based), the last listed dose repeating. */
        public int doseMg(int session) {
            return doseMgBySession.get(Math.min(session, doseMgBySession.size() - 1));
        }
    }

    @AssertTrue(message = "must be a time zone id such as Europe/Amsterdam")
    public boolean isClinicTimeZoneValid() {
        try {
            return clinicTimeZone == null || ZoneId.of(clinicTimeZone) != null;
        } catch (DateTimeException e) {
            return false;
        }
    }

    @AssertTrue(message = "must be a time of day such as 09:00")
    public boolean isSessionStartTimeValid() {
        try {
            return sessionStartTime == null || LocalTime.parse(sessionStartTime) != null;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    @AssertTrue(message = "must be days among mon, tue, wed, thu, fri, sat, sun")
    public boolean isDefaultTreatmentDaysValid() {
        return defaultTreatmentDays == null || defaultTreatmentDays.stream().allMatch(TreatmentDays::isDay);
    }

    public ZoneId zone() {
        return ZoneId.of(clinicTimeZone);
    }

    public LocalTime startTime() {
        return LocalTime.parse(sessionStartTime);
    }
}
