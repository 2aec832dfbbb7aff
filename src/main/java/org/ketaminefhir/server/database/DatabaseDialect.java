package org.ketaminefhir.server.database;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import java.util.Locale;

/**
 * The databases the server supports, recognised from the JDBC URL so that pointing the server at another database
 * needs only the URL, user and password. HAPI needs its own Hibernate dialects (they add the sequence and index
 * behaviour its schema relies on), so the dialect is never left to Hibernate's auto-detection.
 */
public enum DatabaseDialect {
    H2("jdbc:h2:", "H2", HapiFhirH2Dialect.class.getName(), DriverTypeEnum.H2_EMBEDDED),
    POSTGRESQL("jdbc:postgresql:", "PostgreSQL", HapiFhirPostgresDialect.class.getName(), DriverTypeEnum.POSTGRES_9_4);

    private final String urlPrefix;
    private final String displayName;
    private final String hibernateDialect;
    private final DriverTypeEnum migrationDriver;

    DatabaseDialect(String urlPrefix, String displayName, String hibernateDialect, DriverTypeEnum migrationDriver) {
        this.urlPrefix = urlPrefix;
        this.displayName = displayName;
        this.hibernateDialect = hibernateDialect;
        this.migrationDriver = migrationDriver;
    }

    public static DatabaseDialect forJdbcUrl(String jdbcUrl) {
        String url = jdbcUrl == null ? "" : jdbcUrl.trim().toLowerCase(Locale.ROOT);
        for (DatabaseDialect dialect : values()) {
            if (url.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalStateException("Unsupported database URL '" + jdbcUrl
                + "': spring.datasource.url (SPRING_DATASOURCE_URL) must start with jdbc:postgresql: or jdbc:h2:");
    }

    /**
     * Driver settings that suit HAPI's writes on this database, unless configured otherwise: PostgreSQL's driver sends a
     * batch of inserts as multi-row inserts, so that Hibernate's JDBC batches (spring.jpa.properties.hibernate.jdbc.batch_size)
     * take one round trip instead of one per row.
     */
    public java.util.Map<String, String> driverProperties() {
        return this == POSTGRESQL ? java.util.Map.of("reWriteBatchedInserts", "true") : java.util.Map.of();
    }

    /**
     * A trial-only setting that is {@code auto} (on with the embedded H2 database only), {@code true} or {@code false},
     * read for this database; unset means auto. Anything else stops the start, naming the key.
     */
    public boolean switchedOn(String key, String setting) {
        String value = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> this == H2;
            default -> throw new IllegalStateException(key + " must be auto, true or false, not " + setting);
        };
    }

    public String displayName() {
        return displayName;
    }

    public String hibernateDialect() {
        return hibernateDialect;
    }

    /** The database as HAPI's schema migration tasks know it (which DDL script and statements they use). */
    public DriverTypeEnum migrationDriver() {
        return migrationDriver;
    }
}
