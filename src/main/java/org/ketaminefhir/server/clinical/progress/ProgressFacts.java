package org.ketaminefhir.server.clinical.progress;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.ketaminefhir.server.clinical.progress.ProgressMeasures.Maintenance;
import org.ketaminefhir.server.clinical.progress.ProgressMeasures.Score;

/**
 * What the patient's chart says for the measurement-based-care summary, read by {@link ProgressChart}.
 *
 * @param instruments the outcome scores per rating scale, in the order the chart lists them
 * @param sessions the sessions that count (not entered in error, not "not done", with a start), by start
 * @param sideEffects the finding of each side effect recorded, in the chart's order
 * @param openSafetyIssues the ids of the patient's open safety issues (DetectedIssue/...)
 * @param plannedSessions the starts of the induction sessions the active plans schedule
 * @param maintenance the maintenance the active plans schedule
 */
public record ProgressFacts(
        List<Instrument> instruments,
        List<Session> sessions,
        List<Coding> sideEffects,
        List<String> openSafetyIssues,
        List<Instant> plannedSessions,
        List<Maintenance> maintenance) {

    /** A rating scale (its coding as the scores state it) and its scores, oldest first. */
    public record Instrument(Coding code, List<Score> series) {}

    /** A session: when it started, whether it was completed, its treatment phase (null: not stated) and dose in mg. */
    public record Session(Instant start, boolean completed, String phase, BigDecimal doseMg) {}
}
