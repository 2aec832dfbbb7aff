package org.ketaminefhir.server.database;

import ca.uhn.fhir.context.FhirContext;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * The database under HAPI and the server: its driver settings, one node starting at a time, HAPI's schema migrated
 * before Hibernate starts, the server's own tables, and the per-patient write lock.
 */
@Configuration
public class DatabaseConfig {

    /** The database's own driver settings for HAPI's writes (see {@link DatabaseDialect#driverProperties()}). */
    @Bean
    public static BeanPostProcessor databaseDriverSettings() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
                    DatabaseDialect.forJdbcUrl(hikari.getJdbcUrl())
                            .driverProperties()
                            .forEach((key, value) ->
                                    hikari.getDataSourceProperties().putIfAbsent(key, value));
                }
                return bean;
            }
        };
    }

    /** One node at a time starts on a PostgreSQL database (see {@link NodeStartupLock}). */
    @Bean
    public static NodeStartupLock nodeStartupLock() {
        return new NodeStartupLock();
    }

    @Bean
    public ApplicationListener<ContextRefreshedEvent> nodeStartupLockRelease(NodeStartupLock lock) {
        return refreshed -> lock.release();
    }

    /**
     * HAPI's schema, created or migrated by HAPI's migration tasks before Hibernate starts (Hibernate changes nothing:
     * hbm2ddl none). Runs under the {@link NodeStartupLock} on PostgreSQL.
     */
    @Bean
    public HapiSchemaMigration hapiSchemaMigration(
            DataSource dataSource,
            DataSourceProperties dataSourceProperties,
            @Value("${" + SchemaUpgrade.MIGRATE_KEY + ":false}") boolean migrate) {
        return new HapiSchemaMigration(
                dataSource, DatabaseDialect.forJdbcUrl(dataSourceProperties.determineUrl()), migrate);
    }

    /** The server's own tables, created before anything reads them. */
    @Bean
    public ServerSchema serverSchema(DataSource dataSource, DataSourceProperties dataSourceProperties) {
        ServerSchema schema =
                new ServerSchema(dataSource, DatabaseDialect.forJdbcUrl(dataSourceProperties.determineUrl()));
        schema.create();
        return schema;
    }

    @Bean
    public PatientLocks patientLocks(DataSourceProperties dataSource, EntityManagerFactory entityManagerFactory) {
        return new PatientLocks(DatabaseDialect.forJdbcUrl(dataSource.determineUrl()), entityManagerFactory);
    }

    /** Writes for one patient run one at a time, whoever makes them (see {@link PatientWriteLock}). */
    @Bean
    public FhirEndpointPart patientWriteLock(FhirContext fhirContext, PatientLocks locks) {
        return FhirEndpointPart.storage(new PatientWriteLock(fhirContext, locks));
    }
}
