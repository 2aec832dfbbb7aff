package org.ketaminefhir.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;

/** A clinical rule said no: 422 with an OperationOutcome whose issues start with the rule id. */
public final class RuleViolation {

    private RuleViolation() {}

    /** One finding of a rule: its id, what it found, and the element it is about. */
    public record Finding(String ruleId, String message, String location) {
        @Override
        public String toString() {
            return ruleId + ": " + message;
        }
    }

    public static UnprocessableEntityException reject(FhirContext fhirContext, List<Finding> findings) {
        OperationOutcome outcome = new OperationOutcome();
        for (Finding finding : findings) {
            OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.BUSINESSRULE)
                    .setDiagnostics(finding.toString());
            if (finding.location() != null) {
                issue.addLocation(finding.location()).addExpression(finding.location());
            }
        }
        return new UnprocessableEntityException(fhirContext, outcome);
    }

    /** The ids of the rules that refused, when this exception is such a refusal (for the metrics). */
    public static List<String> ruleIds(Throwable exception) {
        if (!(exception instanceof UnprocessableEntityException refusal)
                || !(refusal.getOperationOutcome() instanceof OperationOutcome outcome)) {
            return List.of();
        }
        return outcome.getIssue().stream()
                .filter(issue -> issue.getCode() == OperationOutcome.IssueType.BUSINESSRULE && issue.hasDiagnostics())
                .map(issue -> issue.getDiagnostics().split(":", 2)[0])
                .filter(id -> id.matches("[A-Z][A-Z0-9-]*"))
                .distinct()
                .toList();
    }

    public static UnprocessableEntityException reject(
            FhirContext fhirContext, String ruleId, String message, String location) {
        return reject(fhirContext, List.of(new Finding(ruleId, message, location)));
    }
}
