package org.ketaminefhir.server.limits;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * When the request this thread is handling must be done by ({@link RequestLimits#requestTimeLimit()}, counted from its
 * arrival at the FHIR endpoint). Set by {@link RequestLimitsFilter}; read by {@link RequestBoundTransactionManager}, so
 * that start-up work, scheduled jobs and other threads have no such limit.
 */
public final class RequestDeadline {

    private static final ThreadLocal<Long> DEADLINE_NANOS = new ThreadLocal<>();

    private RequestDeadline() {}

    static void start(Duration limit) {
        DEADLINE_NANOS.set(System.nanoTime() + limit.toNanos());
    }

    static void clear() {
        DEADLINE_NANOS.remove();
    }

    /** Whole seconds left (at least 1, so that a transaction begun at the deadline still fails fast), or empty outside a request. */
    public static OptionalInt secondsLeft() {
        Long deadline = DEADLINE_NANOS.get();
        if (deadline == null) {
            return OptionalInt.empty();
        }
        long left = deadline - System.nanoTime();
        return OptionalInt.of((int) Math.max(1, Math.ceil(left / 1e9)));
    }
}
