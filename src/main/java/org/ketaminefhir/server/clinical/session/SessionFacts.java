package org.ketaminefhir.server.clinical.session;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;

/**
 * What the session rules need to know about a session being written and its context.
 *
 * @param esketamine whether the product is esketamine (else racemic ketamine)
 * @param routeCode SNOMED CT route code, or null
 * @param doseMg dose in mg, or null
 * @param dosePerKg dose per kg, or null
 * @param dosingWeight the dosing weight the session states, or null
 * @param completed whether the session is being set to completed
 * @param start start of administration
 * @param overrides rule id to the clinician's reason, for rules overridden on this session
 * @param screenings the patient's screenings
 * @param otherSessionStarts start times of the patient's other sessions
 * @param body the patient's recorded weights and heights, and sex
 * @param monitoringMinutes minutes from the start of administration to the end of monitoring, or null if unknown
 * @param suicideRiskAlerts the patient's suicide-risk alerts (any status; the rule picks the unreviewed high ones)
 */
public record SessionFacts(
        boolean esketamine,
        String routeCode,
        BigDecimal doseMg,
        BigDecimal dosePerKg,
        DosingWeightRule.Stated dosingWeight,
        boolean completed,
        Instant start,
        Map<String, String> overrides,
        List<CurrentScreening.Screening> screenings,
        List<Instant> otherSessionStarts,
        DosingWeightRule.Body body,
        Long monitoringMinutes,
        List<SuicideRiskAlert> suicideRiskAlerts) {}
