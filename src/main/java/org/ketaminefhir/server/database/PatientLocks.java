package org.ketaminefhir.server.database;

import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import com.google.common.util.concurrent.Striped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * One write lock per patient, held until the current database transaction ends, so that writes for one patient run one
 * after the other and a rule that reads the patient's other records sees every write committed before it. On
 * PostgreSQL it is a transaction-scoped advisory lock, which also serialises servers sharing the database; on the
 * embedded H2 database (one process) a lock in the JVM. Locks are taken in a fixed order, so two writers never wait
 * for each other in a circle.
 */
public class PatientLocks {

    /** First key of the advisory locks (two-int form), so that they cannot clash with anyone else's. */
    private static final int NAMESPACE = 0x4B45_5450;

    private static final long LOCAL_WAIT_SECONDS = 60;

    private final DatabaseDialect dialect;
    private final EntityManagerFactory entityManagerFactory;
    private final Striped<Lock> local = Striped.lock(1024);

    public PatientLocks(DatabaseDialect dialect, EntityManagerFactory entityManagerFactory) {
        this.dialect = dialect;
        this.entityManagerFactory = entityManagerFactory;
    }

    /**
     * Takes the locks of the patients (ids such as {@code Patient/123}) not yet held by the current transaction. Must
     * run inside a database transaction.
     */
    public void lock(Collection<String> patients) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException(
                    "patient locks are held until the transaction ends: call inside a transaction");
        }
        Set<String> held = held();
        Set<String> wanted = new TreeSet<>(patients);
        wanted.removeAll(held);
        if (wanted.isEmpty()) {
            return;
        }
        if (dialect == DatabaseDialect.POSTGRESQL) {
            EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory);
            for (String patient : wanted) {
                entityManager
                        .createNativeQuery("select 1 from pg_advisory_xact_lock(:namespace, hashtext(:patient))")
                        .setParameter("namespace", NAMESPACE)
                        .setParameter("patient", patient)
                        .getSingleResult();
                held.add(patient);
            }
        } else {
            for (Lock lock : local.bulkGet(wanted)) {
                acquire(lock, wanted);
            }
            held.addAll(wanted);
        }
    }

    private void acquire(Lock lock, Set<String> patients) {
        try {
            if (!lock.tryLock(LOCAL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ResourceVersionConflictException("another write for " + patients + " has held it for over "
                        + LOCAL_WAIT_SECONDS + " seconds; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResourceVersionConflictException("interrupted while waiting for another write for " + patients);
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                lock.unlock();
            }
        });
    }

    /** The patients whose locks the current transaction holds. */
    @SuppressWarnings("unchecked")
    private Set<String> held() {
        Object held = TransactionSynchronizationManager.getResource(this);
        if (held == null) {
            Set<String> fresh = new HashSet<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(PatientLocks.this);
                }
            });
            return fresh;
        }
        return (Set<String>) held;
    }
}
