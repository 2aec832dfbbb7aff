package org.ketaminefhir.server.clinical.eligibility;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What the eligibility decision reads ({@code ketamine.rules.eligibility}); the figures and their sources are in
 * application.yaml.
 *
 * @param absoluteContraindications screening items that make a patient not eligible when answered yes
 * @param relativeContraindications items that need precautions when answered yes
 * @param interactingMedications medication classes that need precautions when taken
 * @param notEligiblePregnancyStatuses pregnancy-status codes that make a patient not eligible
 * @param unknownPregnancyOutcome the outcome for pregnancy status "unknown": incomplete or eligible-with-precautions
 * @param minAdequateTrials adequate antidepressant trials that treatment-resistant depression needs
 * @param screeningValidDays how long the latest evaluated screening stays current
 */
@Validated
@ConfigurationProperties("ketamine.rules.eligibility")
public record EligibilitySettings(
        @NotNull List<String> absoluteContraindications,
        @NotNull List<String> relativeContraindications,
        @NotNull List<String> interactingMedications,
        @NotNull List<String> notEligiblePregnancyStatuses,
        @NotNull EligibilityOutcome unknownPregnancyOutcome,
        @NotNull @Min(0) @Max(10) Integer minAdequateTrials,
        @NotNull @Min(1) @Max(3650) Integer screeningValidDays) {

    @AssertTrue(
            message =
                    "must be incomplete or eligible-with-precautions: an unknown pregnancy status is never plain eligible")
    public boolean isUnknownPregnancyOutcomeAllowed() {
        return unknownPregnancyOutcome == null
                || unknownPregnancyOutcome == EligibilityOutcome.INCOMPLETE
                || unknownPregnancyOutcome == EligibilityOutcome.ELIGIBLE_WITH_PRECAUTIONS;
    }
}
