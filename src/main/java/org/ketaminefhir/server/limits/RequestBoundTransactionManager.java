package org.ketaminefhir.server.limits;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * The JPA transaction manager, with each transaction begun for a request to the FHIR endpoint limited to the time left
 * before the request's deadline ({@link RequestDeadline}): Hibernate gives each statement the time left and rolls the
 * transaction back when it is up (answered 408 by {@link RequestTimeLimit}). Transactions outside requests (start-up,
 * the IG install, HAPI's scheduled jobs) and those that set their own timeout are left as they are.
 */
public class RequestBoundTransactionManager extends JpaTransactionManager {

    public RequestBoundTransactionManager(EntityManagerFactory entityManagerFactory) {
        super(entityManagerFactory);
    }

    @Override
    protected int determineTimeout(TransactionDefinition definition) {
        if (definition.getTimeout() != TransactionDefinition.TIMEOUT_DEFAULT) {
            return definition.getTimeout();
        }
        return RequestDeadline.secondsLeft().orElse(super.determineTimeout(definition));
    }
}
