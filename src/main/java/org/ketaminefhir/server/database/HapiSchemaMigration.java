package org.ketaminefhir.server.database;

import ca.uhn.fhir.jpa.migrate.HapiMigrationStorageSvc;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.MigrationResult;
import ca.uhn.fhir.jpa.migrate.MigrationTaskList;
import ca.uhn.fhir.jpa.migrate.SchemaMigrator;
import ca.uhn.fhir.jpa.migrate.dao.HapiMigrationDao;
import ca.uhn.fhir.jpa.migrate.taskdef.BaseTask;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;
import org.ketaminefhir.server.database.SchemaUpgrade.Facts;
import org.ketaminefhir.server.database.SchemaUpgrade.Plan;
import org.ketaminefhir.server.database.SchemaUpgrade.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Brings HAPI's schema to this HAPI release with HAPI's own migration tasks ({@link HapiFhirJpaMigrationTasks}, run
 * by {@link HapiMigrator} and recorded in {@code FLY_HFJ_MIGRATION}), before Hibernate starts; {@link SchemaUpgrade}
 * decides whether it may. On PostgreSQL it runs while this node holds the {@link NodeStartupLock}, so one node
 * migrates and the others then find the schema current. Tasks HAPI marks heavyweight (optional indexes on large
 * tables) are left out, as HAPI's CLI leaves them out unless asked.
 */
public class HapiSchemaMigration implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(HapiSchemaMigration.class);
    private static final String RESOURCE_TABLE = "HFJ_RESOURCE";

    private final DataSource dataSource;
    private final DatabaseDialect dialect;
    private final boolean migrateAllowed;

    public HapiSchemaMigration(DataSource dataSource, DatabaseDialect dialect, boolean migrateAllowed) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.migrateAllowed = migrateAllowed;
    }

    /** Every task of this HAPI release, in order. */
    public static MigrationTaskList tasks() {
        return new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values());
    }

    @Override
    public void afterPropertiesSet() {
        MigrationTaskList tasks = tasks();
        Facts facts = inspect(tasks);
        Plan plan = SchemaUpgrade.plan(facts, migrateAllowed);
        switch (plan.action()) {
            case NONE -> log.info(plan.reason());
            case REFUSE -> throw new SchemaNotCurrentException(plan.reason());
            case INITIALISE, MIGRATE -> {
                log.info(plan.reason());
                HapiMigrator migrator = new HapiMigrator(
                        SchemaMigrator.HAPI_FHIR_MIGRATION_TABLENAME, dataSource, dialect.migrationDriver());
                migrator.addTasks(tasks);
                migrator.createMigrationTableIfRequired();
                MigrationResult result = migrator.migrate();
                log.info("HAPI FHIR's schema is at {}: {}", facts.requiredVersion(), result.summary());
            }
        }
    }

    private Facts inspect(MigrationTaskList tasks) {
        String required = tasks.getLastVersion();
        Set<String> tables;
        String database;
        try (Connection connection = dataSource.getConnection()) {
            tables = tableNames(connection);
            database = withoutQuery(connection.getMetaData().getURL());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the database's tables: " + e.getMessage(), e);
        }
        boolean hapiTables = tables.contains(RESOURCE_TABLE);
        boolean migrationTable = tables.contains(SchemaMigrator.HAPI_FHIR_MIGRATION_TABLENAME);
        if (!hapiTables) {
            return new Facts(database, State.EMPTY, null, required, List.of());
        }
        if (!migrationTable) {
            return new Facts(database, State.UNRECORDED, null, required, List.of());
        }
        HapiMigrationStorageSvc storage = new HapiMigrationStorageSvc(new HapiMigrationDao(
                dataSource, dialect.migrationDriver(), SchemaMigrator.HAPI_FHIR_MIGRATION_TABLENAME));
        // the tasks the migrator runs by default; the heavyweight ones it leaves out stay unrecorded
        MigrationTaskList pending = storage.diff(tasks).getUnskippableTasks();
        List<String> labels = new ArrayList<>();
        pending.forEach(task -> labels.add(label(task)));
        State state = labels.isEmpty() ? State.CURRENT : State.BEHIND;
        return new Facts(database, state, storage.getLatestAppliedVersion(), required, labels);
    }

    private static String label(BaseTask task) {
        return task.getMigrationVersion() + " (" + task.getDescription() + ")";
    }

    private static Set<String> tableNames(Connection connection) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet tables = connection
                .getMetaData()
                .getTables(connection.getCatalog(), connection.getSchema(), null, new String[] {"TABLE"})) {
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME").toUpperCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        int semicolon = url.indexOf(';');
        int end = query < 0 ? semicolon : semicolon < 0 ? query : Math.min(query, semicolon);
        return end < 0 ? url : url.substring(0, end);
    }

    /** Start-up stops: the schema needs a migration that the configuration does not allow. */
    public static class SchemaNotCurrentException extends IllegalStateException {
        public SchemaNotCurrentException(String message) {
            super(message);
        }
    }
}
