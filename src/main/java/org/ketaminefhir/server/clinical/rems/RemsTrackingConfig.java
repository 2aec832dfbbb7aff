package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.SafetyAlerts;
import org.ketaminefhir.server.clinical.plan.PlanSettings;
import org.ketaminefhir.server.database.PatientLocks;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.ig.KetamineProducts;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;

/**
 * The REMS form tracked to its submission: a REMS Task per esketamine session, the completed form and its submission
 * recorded on it, and the overdue sweep.
 */
@Configuration
@EnableConfigurationProperties(RemsTrackingSettings.class)
public class RemsTrackingConfig {

    /** The clock of the REMS rules, in the clinic's time zone ({@code ketamine.rules.plan.clinic-time-zone}). */
    @Bean
    public Clock remsClock(PlanSettings plan) {
        return Clock.system(plan.zone());
    }

    @Bean
    public RemsTaskStore remsTaskStore(DaoRegistry daos, IgTerms terms) {
        return new RemsTaskStore(daos, terms);
    }

    /** A storage hook: sessions written alone, in a transaction, or by the demo journey alike. */
    @Bean
    public FhirEndpointPart remsTasks(
            IgTerms terms,
            KetamineProducts products,
            RemsTaskStore remsTaskStore,
            RemsTrackingSettings settings,
            PlanSettings plan,
            EntityManagerFactory entityManagerFactory) {
        return FhirEndpointPart.storage(new RemsTaskInterceptor(
                terms,
                products,
                remsTaskStore,
                settings.submissionDueDays(),
                plan.zone(),
                flush(entityManagerFactory)));
    }

    /** A storage hook: the completed form and its submission. */
    @Bean
    public FhirEndpointPart remsSubmissions(
            FhirContext fhirContext,
            IgTerms terms,
            KetamineProducts products,
            RemsTaskStore remsTaskStore,
            Clock remsClock,
            EntityManagerFactory entityManagerFactory) {
        return FhirEndpointPart.storage(new RemsSubmissionInterceptor(
                fhirContext, terms, products, remsTaskStore, remsClock, flush(entityManagerFactory)));
    }

    @Bean
    public RemsOverdueSweep remsOverdueSweep(
            DaoRegistry daos,
            RemsTaskStore remsTaskStore,
            SafetyAlerts alerts,
            PatientLocks locks,
            IHapiTransactionService transactions,
            Clock remsClock) {
        return new RemsOverdueSweep(daos, remsTaskStore, alerts, locks, transactions, remsClock);
    }

    @Bean(initMethod = "start", destroyMethod = "stop")
    public RemsOverdueSchedule remsOverdueSchedule(RemsOverdueSweep sweep, RemsTrackingSettings settings) {
        return new RemsOverdueSchedule(sweep, settings.overdueCheckInterval());
    }

    /** Writes what the current database transaction holds back (a transaction bundle's deferred inserts). */
    private static Runnable flush(EntityManagerFactory entityManagerFactory) {
        return () -> {
            EntityManager entityManager = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory);
            if (entityManager != null) {
                entityManager.flush();
            }
        };
    }
}
