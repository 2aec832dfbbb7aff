package org.ketaminefhir.server.clinical.questionnaire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The severity bands of the scored questionnaires ({@code ketamine.rules.questionnaire-scoring}; sources in
 * application.yaml): per Questionnaire id of the IG, its bands in ascending order, each from its lowest total.
 *
 * @param severityBands Questionnaire id (phq-9, gad-7) to its bands, the first starting at 0
 */
@Validated
@ConfigurationProperties("ketamine.rules.questionnaire-scoring")
public record ScoringSettings(@NotEmpty Map<String, @NotEmpty List<@Valid Band>> severityBands) {

    /** A band: its name (e.g. "moderately severe") and the lowest total in it. */
    public record Band(
            @NotBlank String name, @NotNull @Min(0) Integer from) {}

    /** The band of a total, if the Questionnaire has bands. */
    public Optional<String> band(String questionnaire, int total) {
        List<Band> bands = severityBands.get(questionnaire);
        if (bands == null) {
            return Optional.empty();
        }
        String found = null;
        for (Band band : bands) {
            if (total >= band.from()) {
                found = band.name();
            }
        }
        return Optional.ofNullable(found);
    }

    @JsonIgnore
    @AssertTrue(message = "each questionnaire's bands must start at 0 and rise")
    public boolean isAscending() {
        if (severityBands == null) {
            return true;
        }
        for (List<Band> bands : severityBands.values()) {
            if (bands == null
                    || bands.isEmpty()
                    || bands.get(0).from() == null
                    || bands.get(0).from() != 0) {
                return false;
            }
            for (int i = 1; i < bands.size(); i++) {
                if (bands.get(i).from() == null
                        || bands.get(i).from() <= bands.get(i - 1).from()) {
                    return false;
                }
            }
        }
        return true;
    }
}
