package org.ketaminefhir.server.clinical.plan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;

/**
 * What the patient's chart says for a new treatment plan, read by {@link PlanChart}.
 *
 * @param screenings the patient's screenings that count, as {@link CurrentScreening} sees them
 * @param baselineWeights kg of the baseline body weight each screening links, by screening id (absent: links none)
 */
public record PlanFacts(List<CurrentScreening.Screening> screenings, Map<String, BigDecimal> baselineWeights) {}
