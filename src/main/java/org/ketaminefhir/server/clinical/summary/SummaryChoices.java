package org.ketaminefhir.server.clinical.summary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Type;

/** Which of the patient's records each section holds (pure: the records in, the chosen ones out, in order). */
final class SummaryChoices {

    /** Dates in order, absent ones first. */
    static final Comparator<BaseDateTimeType> DATES = Comparator.nullsFirst(
            Comparator.comparing(BaseDateTimeType::getValue, Comparator.nullsFirst(Date::compareTo)));

    private SummaryChoices() {}

    /** The ketamine course: every session not entered in error, the earliest first. */
    static List<MedicationAdministration> course(List<MedicationAdministration> sessions) {
        return sessions.stream()
                .filter(s -> s.getStatus() != MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR)
                .sorted(Comparator.comparing(s -> start(s.getEffective()), DATES))
                .toList();
    }

    /**
     * Of each scale (or finding, or vital sign: one code), the first and the latest result, so that the reader sees
     * the baseline and where the patient is now; one result if the scale was used once. The scales in the order of
     * their latest result, the latest first.
     */
    static List<Observation> baselineAndLatest(List<Observation> observations) {
        Map<String, List<Observation>> byCode = byCode(observations);
        List<Observation> chosen = new ArrayList<>();
        byCode.values().stream()
                .sorted(Comparator.comparing(
                                (List<Observation> l) ->
                                        start(l.get(l.size() - 1).getEffective()),
                                DATES)
                        .reversed())
                .forEach(results -> {
                    chosen.add(results.get(results.size() - 1));
                    if (results.size() > 1) {
                        chosen.add(results.get(0));
                    }
                });
        return chosen;
    }

    /** Of each code, the latest result only (vital signs: where the patient was last seen). */
    static List<Observation> latest(List<Observation> observations) {
        return byCode(observations).values().stream()
                .map(results -> results.get(results.size() - 1))
                .sorted(Comparator.comparing((Observation o) -> start(o.getEffective()), DATES)
                        .reversed())
                .toList();
    }

    /** Final or amended results (not cancelled, entered in error or preliminary), by code, each list earliest first. */
    private static Map<String, List<Observation>> byCode(List<Observation> observations) {
        Map<String, List<Observation>> byCode = new LinkedHashMap<>();
        observations.stream()
                .filter(o -> o.getStatus() == Observation.ObservationStatus.FINAL
                        || o.getStatus() == Observation.ObservationStatus.AMENDED
                        || o.getStatus() == Observation.ObservationStatus.CORRECTED)
                .sorted(Comparator.comparing(o -> start(o.getEffective()), DATES))
                .forEach(o -> byCode.computeIfAbsent(codeOf(o), k -> new ArrayList<>())
                        .add(o));
        return byCode;
    }

    static String codeOf(Observation observation) {
        return observation.getCode().getCoding().stream()
                .findFirst()
                .map(c -> c.getSystem() + "|" + c.getCode())
                .orElse(observation.getCode().getText());
    }

    /** The start of an effective[x] (a dateTime, a Period's start, an instant), or null. */
    static BaseDateTimeType start(Type effective) {
        if (effective instanceof BaseDateTimeType date) {
            return date;
        }
        if (effective instanceof Period period) {
            return period.getStartElement().isEmpty() ? null : period.getStartElement();
        }
        return null;
    }

    static <T> Function<List<T>, List<T>> all() {
        return list -> list;
    }

    static String display(Coding coding) {
        return coding.hasDisplay() ? coding.getDisplay() : coding.getCode();
    }
}
