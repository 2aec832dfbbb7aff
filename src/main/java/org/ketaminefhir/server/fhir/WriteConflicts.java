package org.ketaminefhir.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.model.ResourceVersionConflictResolutionStrategy;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.apache.commons.lang3.StringUtils;

/**
 * How the server answers two writes that meet on one resource.
 *
 * <ul>
 *   <li>A write without {@code If-Match} that loses a race in the database (a conditional create whose match was being
 *       created at the same moment, an update-as-create of an id another request is creating, two updates of one
 *       resource) is run again, up to {@link #RETRIES} times: the retry sees the winner, so a conditional create answers
 *       200 with the winner's resource, as the winner's duplicates do.</li>
 *   <li>An update whose {@code If-Match} names a version that is no longer current answers 412 Precondition Failed, as
 *       FHIR R4's http.html says (HAPI answers 409), and it is never retried: the client's premise is gone.</li>
 *   <li>A conflict that remains says so in plain words: HAPI's text can carry the SQL statement and table names.</li>
 * </ul>
 */
@Interceptor(order = RequestPath.WRITE_CONFLICTS)
public class WriteConflicts {

    /** How often a write that lost a race is run again before the client gets a 409 to retry. */
    static final int RETRIES = 5;

    @Hook(Pointcut.STORAGE_VERSION_CONFLICT)
    public ResourceVersionConflictResolutionStrategy retryUnlessIfMatch(RequestDetails request) {
        ResourceVersionConflictResolutionStrategy strategy = new ResourceVersionConflictResolutionStrategy();
        if (request != null && !hasIfMatch(request)) {
            strategy.setRetry(true);
            strategy.setMaxRetries(RETRIES);
        }
        return strategy;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException answerInPlainWords(RequestDetails request, Throwable exception) {
        if (!(exception instanceof ResourceVersionConflictException conflict)) {
            return null;
        }
        BaseServerResponseException answer = hasIfMatch(request)
                ? new PreconditionFailedException("The resource has changed since the version named in If-Match ("
                        + request.getHeader(Constants.HEADER_IF_MATCH) + "): read it again and reapply the change.")
                : new ResourceVersionConflictException(
                        "Another request changed the same resource at the same moment and"
                                + " this one was not applied; send it again.");
        conflict.getResponseHeaders().forEach((name, values) -> values.forEach(v -> answer.addResponseHeader(name, v)));
        return answer;
    }

    private static boolean hasIfMatch(RequestDetails request) {
        return request != null && StringUtils.isNotBlank(request.getHeader(Constants.HEADER_IF_MATCH));
    }
}
