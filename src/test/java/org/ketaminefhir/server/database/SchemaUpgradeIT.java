package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ca.uhn.fhir.jpa.migrate.taskdef.BaseTask;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.server.database.HapiSchemaMigration.SchemaNotCurrentException;
import org.ketaminefhir.server.support.PreviousHapiSchema;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.TestDatabases.TestDatabase;

/**
 * Upgrades: HAPI's schema as older HAPI releases' own migrators made it (run in a JVM of their own with that release's
 * jars, see src/test/hapi-previous) is refused at start-up, unchanged, unless {@code ketamine.schema.migrate=true};
 * with it, HAPI's migration tasks bring it to this release, the server starts and stores and finds resources, and the
 * schema is the one a new database gets. Tables Hibernate made without the migration table are adopted the same way.
 */
class SchemaUpgradeIT {

    private static final Pattern ADD_INDEX = Pattern.compile("Add (\\S+) index to table (\\S+)");

    private static final List<HikariDataSource> pools = new java.util.ArrayList<>();
    private static final List<TestDatabase> databases = new java.util.ArrayList<>();

    /** Drops the databases this class made (only those: other test classes of the JVM may still use theirs). */
    @AfterAll
    static void dropDatabases() {
        pools.forEach(HikariDataSource::close);
        databases.forEach(TestDatabases::drop);
    }

    private static TestDatabase newDatabase() {
        TestDatabase db = TestDatabases.create();
        databases.add(db);
        return db;
    }

    static Stream<String> olderReleases() {
        return Arrays.stream(System.getProperty("hapi.previous.versions", "").split(","))
                .map(String::strip)
                .filter(v -> !v.isEmpty());
    }

    @ParameterizedTest(name = "HAPI FHIR {0}")
    @MethodSource("olderReleases")
    void aSchemaAnOlderHapiReleaseMadeIsMigratedOnlyWhenAllowed(String release) throws Exception {
        TestDatabase db = newDatabase();
        createWithHapiRelease(release, db);
        Set<String> before = appliedVersions(db);
        String required = HapiSchemaMigration.tasks().getLastVersion();
        assertThat(before).as("tasks " + release + " recorded").isNotEmpty().doesNotContain(required);

        Throwable refused = catchThrowable(() -> StandaloneServer.onPostgres(db));
        while (refused != null && refused.getCause() != null) {
            refused = refused.getCause();
        }
        assertThat(refused)
                .isInstanceOf(SchemaNotCurrentException.class)
                .hasMessageContaining("this server needs " + required)
                .hasMessageContaining("ketamine.schema.migrate=true");
        assertThat(appliedVersions(db))
                .as("nothing migrated without the setting")
                .isEqualTo(before);

        try (StandaloneServer server = StandaloneServer.start(settings(db, true))) {
            IGenericClient client = server.client();
            Patient patient = new Patient();
            patient.addName().setFamily("Upgrade-" + release).addGiven("Schema");
            patient.addIdentifier().setSystem("urn:test:schema-upgrade").setValue(release);
            String patientId =
                    client.create().resource(patient).execute().getId().getIdPart();
            Patient read =
                    client.read().resource(Patient.class).withId(patientId).execute();
            assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Upgrade-" + release);
            Bundle found = client.search()
                    .forResource(Patient.class)
                    .where(Patient.IDENTIFIER.exactly().systemAndCode("urn:test:schema-upgrade", release))
                    .returnBundle(Bundle.class)
                    .execute();
            assertThat(found.getEntry())
                    .extracting(e -> e.getResource().getIdElement().getIdPart())
                    .containsExactly(patientId);
        }
        assertThat(appliedVersions(db)).containsAll(before).contains(required);

        TestDatabase fresh = newDatabase();
        new HapiSchemaMigration(dataSource(fresh), DatabaseDialect.POSTGRESQL, false).afterPropertiesSet();
        Set<String> migrated = schemaOf(db);
        Set<String> created = schemaOf(fresh);
        assertThat(difference(migrated, created))
                .as("in the migrated schema only")
                .isEmpty();
        assertThat(difference(created, migrated))
                .as("in a new schema only: the optional (heavyweight) indexes HAPI's migrator leaves out by default")
                .allSatisfy(entry -> assertThat(entry).matches(heavyweightIndexes()));

        // now current: a start without the setting goes ahead
        new HapiSchemaMigration(dataSource(db), DatabaseDialect.POSTGRESQL, false).afterPropertiesSet();
    }

    @Test
    void tablesWithoutTheMigrationTableAreAdoptedOnlyWhenAllowed() throws Exception {
        TestDatabase db = newDatabase();
        DataSource dataSource = dataSource(db);
        new HapiSchemaMigration(dataSource, DatabaseDialect.POSTGRESQL, false).afterPropertiesSet();
        Set<String> schema = schemaOf(db);
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE \"FLY_HFJ_MIGRATION\"");
            // The one difference between the schema Hibernate's update made for the previous release of this server and
            // HAPI's script (found by comparing the two): a foreign key HAPI drops on PostgreSQL, even when adopting.
            statement.execute(
                    "ALTER TABLE hfj_res_link ADD CONSTRAINT fk_reslink_target FOREIGN KEY (target_resource_id)"
                            + " REFERENCES hfj_resource (res_id)");
        }

        assertThatThrownBy(() ->
                        new HapiSchemaMigration(dataSource, DatabaseDialect.POSTGRESQL, false).afterPropertiesSet())
                .isInstanceOf(SchemaNotCurrentException.class)
                .hasMessageContaining("no migration table (FLY_HFJ_MIGRATION)");
        assertThat(tables(db)).doesNotContain("FLY_HFJ_MIGRATION");

        new HapiSchemaMigration(dataSource, DatabaseDialect.POSTGRESQL, true).afterPropertiesSet();
        assertThat(appliedVersions(db)).contains(HapiSchemaMigration.tasks().getLastVersion());
        assertThat(schemaOf(db)).as("adopted: the schema a new database gets").isEqualTo(schema);
        new HapiSchemaMigration(dataSource, DatabaseDialect.POSTGRESQL, false).afterPropertiesSet(); // current now
    }

    private static void createWithHapiRelease(String release, TestDatabase db)
            throws IOException, InterruptedException {
        Path classpathFile =
                Path.of(System.getProperty("hapi.previous.classpaths", "target/hapi-previous"), release + ".txt");
        assertThat(classpathFile)
                .as("the build resolves HAPI " + release + "'s jars before the integration tests")
                .exists();
        String ownClasses = new File(PreviousHapiSchema.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .getPath();
        String classpath = ownClasses
                + File.pathSeparator
                + Files.readString(classpathFile, StandardCharsets.UTF_8).strip();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile("hapi-" + release + "-migrator", ".log");
        Process process = new ProcessBuilder(
                        java, "-cp", classpath, PreviousHapiSchema.class.getName(), db.url(), db.user(), db.password())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("HAPI " + release + " migrator finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("HAPI " + release + " migrator, log " + log)
                .isZero();
        assertThat(Files.readString(log)).contains("0 failed");
    }

    private static Map<String, String> settings(TestDatabase db, boolean migrate) {
        Map<String, String> settings = new HashMap<>();
        settings.put("spring.datasource.url", db.url());
        settings.put("spring.datasource.username", db.user());
        settings.put("spring.datasource.password", db.password());
        settings.put(SchemaUpgrade.MIGRATE_KEY, Boolean.toString(migrate));
        return settings;
    }

    /** A small pool, as the server has (HAPI's migrator takes a connection per statement). */
    private static DataSource dataSource(TestDatabase db) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(db.url());
        dataSource.setUsername(db.user());
        dataSource.setPassword(db.password());
        dataSource.setMaximumPoolSize(2);
        pools.add(dataSource);
        return dataSource;
    }

    private static Set<String> appliedVersions(TestDatabase db) throws SQLException {
        return query(db, "SELECT \"version\" FROM \"FLY_HFJ_MIGRATION\" WHERE \"success\" AND \"installed_rank\" > 0");
    }

    private static Set<String> tables(TestDatabase db) throws SQLException {
        return query(db, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    }

    /**
     * HAPI's schema as PostgreSQL describes it: columns (type, length, nullability), indexes, constraints and sequences
     * (names only: new databases start them higher). The migration table and the server's own tables are left out.
     * Unique constraints count by their index: HAPI's script declares some as constraints where its migration task
     * adds a unique index of the same name, which PostgreSQL enforces the same way.
     */
    private static Set<String> schemaOf(TestDatabase db) throws SQLException {
        String hapi = " NOT IN ('FLY_HFJ_MIGRATION') AND %s NOT LIKE 'ket\\_%%' AND %s NOT LIKE 'oauth2\\_%%'";
        Set<String> schema = new TreeSet<>();
        schema.addAll(query(
                db,
                "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' '"
                        + " || coalesce(character_maximum_length::text, '') || ' ' || is_nullable FROM information_schema.columns"
                        + " WHERE table_schema = 'public' AND table_name"
                        + hapi.formatted("table_name", "table_name")));
        schema.addAll(query(
                db,
                "SELECT 'index ' || tablename || ' ' || indexdef FROM pg_indexes"
                        + " WHERE schemaname = 'public' AND tablename" + hapi.formatted("tablename", "tablename")));
        schema.addAll(query(
                db,
                "SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid)"
                        + " FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype <> 'u' AND conrelid::regclass::text"
                        + hapi.formatted("conrelid::regclass::text", "conrelid::regclass::text")));
        schema.addAll(query(
                db,
                "SELECT 'sequence ' || sequence_name FROM information_schema.sequences"
                        + " WHERE sequence_schema = 'public'"));
        return schema;
    }

    /** The index lines of the tasks HAPI marks heavyweight (its migrator skips them unless asked). */
    private static String heavyweightIndexes() {
        List<String> names = Arrays.stream(HapiSchemaMigration.tasks().toTaskArray())
                .filter(BaseTask::isHeavyweightSkippableTask)
                .map(task -> ADD_INDEX.matcher(task.getDescription()))
                .filter(Matcher::matches)
                .map(m -> Pattern.quote(m.group(1).toLowerCase(java.util.Locale.ROOT)))
                .toList();
        return "index \\S+ CREATE INDEX (" + String.join("|", names.isEmpty() ? List.of("(?!)") : names) + ") .*";
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }

    private static Set<String> query(TestDatabase db, String sql) throws SQLException {
        Set<String> rows = new TreeSet<>();
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
