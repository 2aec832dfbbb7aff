package org.ketaminefhir.server.clinical.monitoring;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;

/** Which configured alert levels a session vital sign crosses. */
public class VitalSignAlerts {

    public static final String PREDOSE_BP = "VITALS-PREDOSE-BP";
    public static final String SESSION_BP = "VITALS-SESSION-BP";
    public static final String HEART_RATE = "VITALS-HEART-RATE";
    public static final String SPO2 = "VITALS-SPO2";
    public static final String RESP_RATE = "VITALS-RESPIRATORY-RATE";

    /** One alert: its rule, the IG safety-alert code, severity (high or moderate) and what was seen. */
    public record Alert(String ruleId, String code, String severity, String detail) {}

    /** The kind of vital sign, from its LOINC code. */
    public enum Kind {
        BLOOD_PRESSURE,
        HEART_RATE,
        OXYGEN_SATURATION,
        RESPIRATORY_RATE
    }

    private final VitalSignLimits limits;
    private final PreDoseBloodPressure predoseLimit;

    public VitalSignAlerts(VitalSignLimits limits, PreDoseBloodPressure predoseLimit) {
        this.limits = limits;
        this.predoseLimit = predoseLimit;
    }

    /**
     * @param predose whether the time point is before the dose
     * @param value the value (systolic for blood pressure)
     * @param diastolic the diastolic, for blood pressure
     */
    public List<Alert> check(Kind kind, boolean predose, BigDecimal value, BigDecimal diastolic) {
        List<Alert> alerts = new ArrayList<>();
        switch (kind) {
            case BLOOD_PRESSURE -> {
                if (predose) {
                    if (predoseLimit.isAbove(value, diastolic)) {
                        alerts.add(new Alert(
                                PREDOSE_BP,
                                "predose-blood-pressure-high",
                                "moderate",
                                "pre-dose blood pressure " + value + "/" + diastolic + " mmHg is above "
                                        + predoseLimit));
                    }
                } else if (atLeast(value, limits.sessionSystolicAtLeast())
                        || atLeast(diastolic, limits.sessionDiastolicAtLeast())) {
                    alerts.add(new Alert(
                            SESSION_BP,
                            "session-blood-pressure-high",
                            "high",
                            "blood pressure " + value + "/" + diastolic + " mmHg reached "
                                    + limits.sessionSystolicAtLeast() + "/" + limits.sessionDiastolicAtLeast()));
                }
            }
            case HEART_RATE -> {
                if (above(value, limits.heartRateAbove()) || below(value, limits.heartRateBelow())) {
                    alerts.add(new Alert(
                            HEART_RATE,
                            "heart-rate-out-of-range",
                            "high",
                            "heart rate " + value + "/min is outside " + limits.heartRateBelow() + "-"
                                    + limits.heartRateAbove()));
                }
            }
            case OXYGEN_SATURATION -> {
                if (below(value, limits.oxygenSaturationBelow())) {
                    alerts.add(new Alert(
                            SPO2,
                            "oxygen-saturation-low",
                            "high",
                            "SpO2 " + value + " % is below " + limits.oxygenSaturationBelow() + " %"));
                }
            }
            case RESPIRATORY_RATE -> {
                if (above(value, limits.respiratoryRateAbove()) || below(value, limits.respiratoryRateBelow())) {
                    alerts.add(new Alert(
                            RESP_RATE,
                            "respiratory-rate-out-of-range",
                            "high",
                            "respiratory rate " + value + "/min is outside " + limits.respiratoryRateBelow() + "-"
                                    + limits.respiratoryRateAbove()));
                }
            }
        }
        return alerts;
    }

    private static boolean above(BigDecimal value, int limit) {
        return value != null && value.compareTo(BigDecimal.valueOf(limit)) > 0;
    }

    private static boolean atLeast(BigDecimal value, int limit) {
        return value != null && value.compareTo(BigDecimal.valueOf(limit)) >= 0;
    }

    private static boolean below(BigDecimal value, int limit) {
        return value != null && value.compareTo(BigDecimal.valueOf(limit)) < 0;
    }
}
