package org.ketaminefhir.server.observability;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * Puts the request id into the diagnostics of every issue of every OperationOutcome the FHIR endpoint answers with
 * (errors and successes), so that a client's report can be matched to the server's log lines.
 */
@Interceptor(order = RequestPath.REQUEST_ID_IN_OUTCOMES)
public class RequestIdInOutcomes {

    @Hook(Pointcut.SERVER_OUTGOING_FAILURE_OPERATIONOUTCOME)
    public void onFailure(IBaseOperationOutcome outcome) {
        stamp(outcome);
    }

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean onResponse(IBaseResource resource) {
        stamp(resource);
        return true;
    }

    /** Adds "[request id: X]" to each issue's diagnostics (once). */
    public static void stamp(Object outcome) {
        String id = RequestIds.current();
        if (id == null || !(outcome instanceof OperationOutcome operationOutcome)) {
            return;
        }
        String mark = "[request id: " + id + "]";
        for (OperationOutcome.OperationOutcomeIssueComponent issue : operationOutcome.getIssue()) {
            String diagnostics = issue.getDiagnostics();
            if (diagnostics == null || diagnostics.isBlank()) {
                issue.setDiagnostics(mark);
            } else if (!diagnostics.endsWith(mark)) {
                issue.setDiagnostics(diagnostics + " " + mark);
            }
        }
    }
}
