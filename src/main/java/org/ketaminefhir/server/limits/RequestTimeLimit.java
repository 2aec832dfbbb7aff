package org.ketaminefhir.server.limits;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.sql.SQLException;
import java.time.Duration;
import org.ketaminefhir.server.fhir.RequestPath;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * The answer to a request whose database transaction ran past its deadline ({@link RequestLimits#requestTimeLimit()},
 * see {@link RequestBoundTransactionManager}): the transaction is rolled back, and the client gets 408 with an
 * OperationOutcome saying that nothing was stored, instead of HAPI's 500.
 */
@Interceptor(order = RequestPath.REQUEST_TIME_LIMIT)
public class RequestTimeLimit {

    /** PostgreSQL's SQLSTATE for a statement cancelled by its timeout (query_canceled). */
    private static final String QUERY_CANCELED = "57014";

    private final Duration limit;

    public RequestTimeLimit(Duration limit) {
        this.limit = limit;
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException answer(Throwable exception) {
        return timedOut(exception) ? new RequestTimedOut(limit) : null;
    }

    static boolean timedOut(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof TransactionTimedOutException
                    || cause instanceof jakarta.persistence.QueryTimeoutException
                    || cause instanceof org.springframework.dao.QueryTimeoutException
                    || cause instanceof SQLException sql && QUERY_CANCELED.equals(sql.getSQLState())
                    || cause instanceof org.hibernate.TransactionException
                            && String.valueOf(cause.getMessage()).contains("timeout")) {
                return true;
            }
        }
        return false;
    }

    /** 408: the request took longer than the server allows and was rolled back. */
    static final class RequestTimedOut extends BaseServerResponseException {
        RequestTimedOut(Duration limit) {
            super(
                    408,
                    "The request took longer than " + limit.toSeconds() + " s, the most this server allows one request,"
                            + " and was rolled back: nothing was stored. Send smaller requests (for example, split the bundle).");
        }
    }
}
