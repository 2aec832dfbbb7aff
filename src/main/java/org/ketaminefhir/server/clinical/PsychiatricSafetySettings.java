package org.ketaminefhir.server.clinical;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The psychiatric safety rules' figures ({@code ketamine.rules.psychiatric-safety}); sources in application.yaml. Shared
 * by the rules that read them: the in-session sedation and dissociation alerts, the discharge rule, the review of
 * suicide-risk alerts before a session, the PHQ-9 item 9 alert, and the questionnaires a treatment plan asks for.
 *
 * @param phq9Item9AlertAbove a PHQ-9 item 9 answer (ordinal 0-3) above this raises the suicide-risk alert
 * @param reviewLookBack how far before a session an unreviewed high suicide-risk alert still refuses it (e.g. 30d)
 * @param moaasAlertAtOrBelow an in-session MOAA/S score (0-5) at or below this raises the sedation alert
 * @param moaasLossOfConsciousness an in-session MOAA/S score at or below this is loss of consciousness (high alert)
 * @param cadssAlertAbove an in-session CADSS total (0-92) above this raises the dissociation alert
 * @param dischargeMinMoaas a session's latest MOAA/S below this refuses a discharge recorded as ready
 * @param questionnaireDueDays days from a scheduled measurement to when its questionnaire is due
 * @param measurementQuestionnaires ids of the IG's Questionnaires a treatment plan's measurement asks for
 * @param openScheduleWeeks how many weeks of an open-ended measurement schedule (no end, no count) get Tasks
 */
@Validated
@ConfigurationProperties("ketamine.rules.psychiatric-safety")
public record PsychiatricSafetySettings(
        @NotNull @Min(0) @Max(3) Integer phq9Item9AlertAbove,
        @NotNull Duration reviewLookBack,
        @NotNull @Min(0) @Max(5) Integer moaasAlertAtOrBelow,
        @NotNull @Min(0) @Max(5) Integer moaasLossOfConsciousness,
        @NotNull @Min(0) @Max(92) Integer cadssAlertAbove,
        @NotNull @Min(0) @Max(5) Integer dischargeMinMoaas,
        @NotNull @Min(1) @Max(90) Integer questionnaireDueDays,
        @NotEmpty List<String> measurementQuestionnaires,
        @NotNull @Min(1) @Max(104) Integer openScheduleWeeks) {

    /** The IG's Questionnaires (issue 22's contract): the only ones a plan's measurement may ask for. */
    public static final List<String> QUESTIONNAIRES =
            List.of("phq-9", "gad-7", "cssrs-screener-recent", "cssrs-screener-since-last-visit");

    /** A check at start-up, not a figure: left out of the dashboard's config.json should it serialise this record. */
    @JsonIgnore
    @AssertTrue(message = "must be a positive duration of at most 365 days, such as 30d")
    public boolean isReviewLookBackValid() {
        return reviewLookBack == null
                || (!reviewLookBack.isNegative()
                        && !reviewLookBack.isZero()
                        && reviewLookBack.compareTo(Duration.ofDays(365)) <= 0);
    }

    /** The review look-back in words: "30 days" (or the ISO-8601 duration when not whole days). */
    @JsonIgnore
    public String reviewLookBackText() {
        return reviewLookBack.toSeconds() % 86_400 == 0 ? reviewLookBack.toDays() + " days" : reviewLookBack.toString();
    }

    @JsonIgnore
    @AssertTrue(message = "the loss-of-consciousness level must not be above the sedation alert level")
    public boolean isMoaasLevelsOrdered() {
        return moaasLossOfConsciousness == null
                || moaasAlertAtOrBelow == null
                || moaasLossOfConsciousness <= moaasAlertAtOrBelow;
    }

    @JsonIgnore
    @AssertTrue(
            message = "must be Questionnaires of the IG: phq-9, gad-7, cssrs-screener-recent,"
                    + " cssrs-screener-since-last-visit")
    public boolean isMeasurementQuestionnairesKnown() {
        return measurementQuestionnaires == null || QUESTIONNAIRES.containsAll(measurementQuestionnaires);
    }
}
