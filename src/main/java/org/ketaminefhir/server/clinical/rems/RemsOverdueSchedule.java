package org.ketaminefhir.server.clinical.rems;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the overdue sweep every {@code overdue-check-interval} (first after one interval), on every server: each alert
 * is raised once however many servers sweep (see {@link RemsOverdueSweep}).
 */
public class RemsOverdueSchedule {

    private static final Logger log = LoggerFactory.getLogger(RemsOverdueSchedule.class);

    private final RemsOverdueSweep sweep;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public RemsOverdueSchedule(RemsOverdueSweep sweep, Duration interval) {
        this.sweep = sweep;
        this.interval = interval;
    }

    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rems-overdue-sweep");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        int raised = sweep.sweep();
                        if (raised > 0) {
                            log.info("REMS-OVERDUE: {} overdue REMS form alert(s) raised", raised);
                        }
                    } catch (RuntimeException e) {
                        log.warn("The REMS overdue sweep failed: {}", e.getMessage());
                    }
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
