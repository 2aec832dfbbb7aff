package org.ketaminefhir.server.support;

import ca.uhn.fhir.jpa.migrate.DriverTypeEnum;
import ca.uhn.fhir.jpa.migrate.HapiMigrator;
import ca.uhn.fhir.jpa.migrate.tasks.HapiFhirJpaMigrationTasks;
import ca.uhn.fhir.util.VersionEnum;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Creates HAPI's schema on an empty PostgreSQL database the way an older HAPI release's migrator does. Run in a JVM of
 * its own whose classpath holds that release's jars (src/test/hapi-previous), not the server's: only HAPI's migration
 * API, which is the same in both, is used. Arguments: JDBC URL, user, password.
 */
public final class PreviousHapiSchema {

    private PreviousHapiSchema() {}

    public static void main(String[] args) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(args[0]);
        dataSource.setUser(args[1]);
        dataSource.setPassword(args.length > 2 ? args[2] : "");
        HapiMigrator migrator = new HapiMigrator("FLY_HFJ_MIGRATION", dataSource, DriverTypeEnum.POSTGRES_9_4);
        migrator.addTasks(new HapiFhirJpaMigrationTasks(Set.of()).getAllTasks(VersionEnum.values()));
        migrator.createMigrationTableIfRequired();
        System.out.println(migrator.migrate().summary());
    }
}
