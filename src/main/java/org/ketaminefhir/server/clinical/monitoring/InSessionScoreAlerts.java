package org.ketaminefhir.server.clinical.monitoring;

import java.util.Optional;
import java.util.Set;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.SafetyAlert;

/**
 * Which alert an in-session sedation (MOAA/S) or dissociation (CADSS) score raises: MOAA/S at or below the loss-of-
 * consciousness level (0) is {@value #MOAAS_LOC} (high) and nothing else; at or below the sedation level
 * {@value #MOAAS_SEDATION} (moderate); a CADSS total above its level {@value #CADSS_DISSOCIATION} (moderate).
 */
public class InSessionScoreAlerts {

    public static final String MOAAS_SEDATION = "MOAAS-SEDATION";
    public static final String MOAAS_LOC = "MOAAS-LOC";
    public static final String CADSS_DISSOCIATION = "CADSS-DISSOCIATION";

    /** An in-session score, by its code in the IG's ketamine-observation-codes. */
    public enum Scale {
        MOAAS("moaas", Set.of(SafetyAlert.SEDATION_DEEP, SafetyAlert.LOSS_OF_CONSCIOUSNESS)),
        CADSS("cadss", Set.of(SafetyAlert.DISSOCIATION_HIGH));

        private final String code;
        private final Set<String> alertCodes;

        Scale(String code, Set<String> alertCodes) {
            this.code = code;
            this.alertCodes = alertCodes;
        }

        /** The score's code in the IG's ketamine-observation-codes. */
        public String code() {
            return code;
        }

        /** The safety-alert codes a score of this scale may raise (one alert per score among them). */
        public Set<String> alertCodes() {
            return alertCodes;
        }
    }

    private final PsychiatricSafetySettings settings;

    public InSessionScoreAlerts(PsychiatricSafetySettings settings) {
        this.settings = settings;
    }

    public Optional<SafetyAlert> check(Scale scale, int score) {
        return switch (scale) {
            case MOAAS -> {
                if (score <= settings.moaasLossOfConsciousness()) {
                    yield Optional.of(new SafetyAlert(
                            MOAAS_LOC,
                            SafetyAlert.LOSS_OF_CONSCIOUSNESS,
                            SafetyAlert.HIGH,
                            "MOAA/S " + score + ": loss of consciousness (no response to a painful stimulus);"
                                    + " reportable under the Spravato REMS"));
                }
                if (score <= settings.moaasAlertAtOrBelow()) {
                    yield Optional.of(new SafetyAlert(
                            MOAAS_SEDATION,
                            SafetyAlert.SEDATION_DEEP,
                            SafetyAlert.MODERATE,
                            "MOAA/S " + score + " is at or below the alert level " + settings.moaasAlertAtOrBelow()));
                }
                yield Optional.empty();
            }
            case CADSS ->
                score > settings.cadssAlertAbove()
                        ? Optional.of(new SafetyAlert(
                                CADSS_DISSOCIATION,
                                SafetyAlert.DISSOCIATION_HIGH,
                                SafetyAlert.MODERATE,
                                "CADSS " + score + " is above the alert level " + settings.cadssAlertAbove()))
                        : Optional.empty();
        };
    }
}
