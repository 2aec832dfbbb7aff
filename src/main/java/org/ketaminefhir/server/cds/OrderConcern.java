package org.ketaminefhir.server.cds;

/**
 * A rule that has something to say about a draft order: the rule's id, what in the order (as the EHR sent it) the
 * rule looked at, and the screening it is about, if any.
 *
 * @param ruleId      the rule's id, as in the server's OperationOutcomes and the screening's eligibility reasons
 * @param order       the order
 * @param screeningId the deciding screening ({@code Observation/id}) for screening and eligibility rules, else null
 */
public record OrderConcern(String ruleId, DraftOrder order, String screeningId) {}
