package org.ketaminefhir.server.clinical.eligibility;

import java.util.Map;
import java.util.Optional;

/**
 * What a screening says, read out of the Observation and the baseline observations it links to. A missing item is
 * absent from the maps (or null), never a default: the rules must be able to tell "no" from "not asked".
 *
 * @param flags yes/no components by code (contraindications and interacting medication classes)
 * @param indicationPresent whether the indication component has a value
 * @param adequateTrials number of adequate antidepressant trials, or null
 * @param pregnancyStatus pregnancy-status code, or null
 * @param baselineSystolic systolic of the baseline blood pressure among hasMember, or null
 * @param baselineDiastolic diastolic of the baseline blood pressure, or null
 * @param weightPresent whether a body weight is among hasMember
 * @param scorePresent whether a rating-scale score is among hasMember
 * @param treatmentResistantDepression whether the indication is treatment-resistant depression
 */
public record ScreeningFacts(
        Map<String, Boolean> flags,
        boolean indicationPresent,
        Integer adequateTrials,
        String pregnancyStatus,
        Integer baselineSystolic,
        Integer baselineDiastolic,
        boolean weightPresent,
        boolean scorePresent,
        boolean treatmentResistantDepression) {

    public Optional<Boolean> flag(String code) {
        return Optional.ofNullable(flags.get(code));
    }
}
