package org.ketaminefhir.server.clinical.session;

import java.time.Instant;

/**
 * A suicide-risk safety alert of the patient, as the session rules see it.
 *
 * @param id the alert (DetectedIssue/...)
 * @param code its code in the IG's safety-alert CodeSystem
 * @param status its DetectedIssue status code ({@code preliminary}: not yet reviewed)
 * @param identified when the finding it is about was made, or null if it does not say
 */
public record SuicideRiskAlert(String id, String code, String status, Instant identified) {}
