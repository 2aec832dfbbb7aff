package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The per-patient lock on the embedded H2 database (held in the JVM until the transaction ends): a second transaction
 * for the same patient waits for the first to end; other patients do not wait; a transaction may ask again. The
 * PostgreSQL advisory lock is proven over HTTP by ConcurrentSessionsIT, at one server and at two.
 */
class PatientLocksTest {

    private final PatientLocks locks = new PatientLocks(DatabaseDialect.H2, null);
    private final java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();

    @org.junit.jupiter.api.AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** Runs {@code work} in a (simulated) Spring transaction on its own thread, ending it when {@code end} opens. */
    private CompletableFuture<Void> transaction(Runnable work, CountDownLatch end) {
        return CompletableFuture.runAsync(
                () -> {
                    TransactionSynchronizationManager.initSynchronization();
                    TransactionSynchronizationManager.setActualTransactionActive(true);
                    try {
                        work.run();
                        end.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        List<TransactionSynchronization> synchronizations =
                                TransactionSynchronizationManager.getSynchronizations();
                        synchronizations.forEach(s -> s.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));
                        TransactionSynchronizationManager.clearSynchronization();
                        TransactionSynchronizationManager.setActualTransactionActive(false);
                    }
                },
                threads);
    }

    @Test
    void aSecondWriterForThePatientWaitsUntilTheFirstTransactionEnds() throws Exception {
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch endFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = transaction(
                () -> {
                    locks.lock(List.of("Patient/1"));
                    locks.lock(List.of("Patient/1")); // asking again in the same transaction does not wait
                    firstHolds.countDown();
                },
                endFirst);
        assertThat(firstHolds.await(10, TimeUnit.SECONDS)).isTrue();

        CountDownLatch secondHolds = new CountDownLatch(1);
        CompletableFuture<Void> second = transaction(
                () -> {
                    locks.lock(List.of("Patient/1"));
                    secondHolds.countDown();
                },
                new CountDownLatch(0));
        CountDownLatch otherHolds = new CountDownLatch(1);
        CompletableFuture<Void> other = transaction(
                () -> {
                    locks.lock(List.of("Patient/2"));
                    otherHolds.countDown();
                },
                new CountDownLatch(0));

        assertThat(otherHolds.await(10, TimeUnit.SECONDS))
                .as("another patient does not wait")
                .isTrue();
        assertThat(secondHolds.await(500, TimeUnit.MILLISECONDS))
                .as("the same patient waits")
                .isFalse();
        endFirst.countDown();
        assertThat(secondHolds.await(10, TimeUnit.SECONDS))
                .as("and goes on when the first transaction ends")
                .isTrue();
        CompletableFuture.allOf(first, second, other).get(10, TimeUnit.SECONDS);
    }

    @Test
    void locksNeedATransaction() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> locks.lock(List.of("Patient/1")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void allLocksAreReleasedAtTheEnd() throws Exception {
        for (int round = 0; round < 3; round++) {
            transaction(() -> locks.lock(List.of("Patient/3", "Patient/4", "Patient/3")), new CountDownLatch(0))
                    .get(5, TimeUnit.SECONDS);
        }
    }
}
