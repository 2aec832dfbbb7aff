package org.ketaminefhir.server.clinical.progress;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Coding;
import org.ketaminefhir.server.clinical.progress.ProgressMeasures.Assessment;
import org.ketaminefhir.server.clinical.progress.ProgressMeasures.Score;

/**
 * The measurement-based-care summary of a patient, made from their {@link ProgressFacts} as a pure function: each
 * instrument assessed against the first session ({@link ProgressMeasures#assess}), completed sessions per phase, the
 * cumulative dose of the completed sessions, side effects counted by finding, the open safety issues, and when the
 * next session is due ({@link ProgressMeasures#nextSessionDue}).
 *
 * @param instruments per instrument, its assessment and series, in the chart's order
 * @param sessionsCompleted completed sessions per treatment phase ("unknown" where a session states none), by phase
 * @param cumulativeDoseMg mg given over the completed sessions
 * @param sideEffects each side effect finding with how often it was recorded, by system and code
 * @param openSafetyIssues the ids of the open safety issues
 * @param nextSessionDue when the next session is due by the active plans, if they say
 */
public record ProgressSummary(
        List<InstrumentProgress> instruments,
        Map<String, Integer> sessionsCompleted,
        BigDecimal cumulativeDoseMg,
        List<SideEffectCount> sideEffects,
        List<String> openSafetyIssues,
        Optional<Instant> nextSessionDue) {

    public record InstrumentProgress(Coding code, Assessment assessment, List<Score> series) {}

    public record SideEffectCount(Coding finding, int count) {}

    public static ProgressSummary of(ProgressFacts facts, ProgressSettings settings) {
        Instant firstSession =
                facts.sessions().isEmpty() ? null : facts.sessions().get(0).start();
        List<InstrumentProgress> instruments = new ArrayList<>();
        for (ProgressFacts.Instrument instrument : facts.instruments()) {
            Integer remissionMax =
                    settings.remissionMaxScore().get(instrument.code().getCode());
            instruments.add(new InstrumentProgress(
                    instrument.code(),
                    ProgressMeasures.assess(instrument.series(), firstSession, settings, remissionMax),
                    instrument.series()));
        }

        Map<String, Integer> perPhase = new TreeMap<>();
        BigDecimal cumulativeMg = BigDecimal.ZERO;
        Instant lastCompleted = null;
        for (ProgressFacts.Session session : facts.sessions()) {
            if (!session.completed()) {
                continue;
            }
            perPhase.merge(session.phase() == null ? "unknown" : session.phase(), 1, Integer::sum);
            if (session.doseMg() != null) {
                cumulativeMg = cumulativeMg.add(session.doseMg());
            }
            lastCompleted = session.start();
        }

        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Coding> findings = new LinkedHashMap<>();
        for (Coding finding : facts.sideEffects()) {
            String key = finding.getSystem() + "|" + finding.getCode();
            counts.merge(key, 1, Integer::sum);
            findings.putIfAbsent(key, finding);
        }
        List<SideEffectCount> sideEffects = new ArrayList<>();
        counts.forEach((key, count) -> sideEffects.add(new SideEffectCount(findings.get(key), count)));

        return new ProgressSummary(
                instruments,
                perPhase,
                cumulativeMg,
                sideEffects,
                facts.openSafetyIssues(),
                ProgressMeasures.nextSessionDue(facts.plannedSessions(), facts.maintenance(), lastCompleted));
    }
}
