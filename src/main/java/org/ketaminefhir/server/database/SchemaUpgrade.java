package org.ketaminefhir.server.database;

import java.util.List;

/**
 * What start-up does with HAPI's schema, decided from what the database holds. HAPI's migration tasks create the
 * schema and record each step in its migration table ({@code FLY_HFJ_MIGRATION}), the way HAPI's CLI migrates a
 * database:
 * <ul>
 *   <li>an empty database is initialised, always;</li>
 *   <li>a database whose table lists every task of this HAPI release is used as it is;</li>
 *   <li>a database with tasks still to run (an older HAPI release) is migrated only when {@code ketamine.schema.migrate}
 *       is true; otherwise start-up stops and says what to run, having changed nothing;</li>
 *   <li>HAPI's tables without the migration table (made by Hibernate's {@code update}, as this server did before it
 *       used HAPI's migrator) are adopted only when {@code ketamine.schema.migrate} is true: the migrator records the
 *       tasks as done and manages the schema from then on.</li>
 * </ul>
 */
public final class SchemaUpgrade {

    /** The configuration key that allows a migration, and its environment form. */
    public static final String MIGRATE_KEY = "ketamine.schema.migrate";

    public static final String MIGRATE_ENV = "KETAMINE_SCHEMA_MIGRATE";

    private SchemaUpgrade() {}

    public enum State {
        /** No HAPI tables. */
        EMPTY,
        /** HAPI's tables without the migration table. */
        UNRECORDED,
        /** The migration table lacks tasks of this HAPI release. */
        BEHIND,
        /** The migration table lists every task of this HAPI release. */
        CURRENT
    }

    public enum Action {
        INITIALISE,
        MIGRATE,
        NONE,
        REFUSE
    }

    /**
     * What was found: where, in which state, the last version the migration table records (null when none), the
     * version this server needs, and the tasks still to run (their versions and descriptions).
     */
    public record Facts(
            String database, State state, String appliedVersion, String requiredVersion, List<String> pending) {
        public Facts {
            pending = List.copyOf(pending);
        }
    }

    public record Plan(Action action, String reason) {}

    public static Plan plan(Facts facts, boolean migrateAllowed) {
        return switch (facts.state()) {
            case EMPTY ->
                new Plan(
                        Action.INITIALISE,
                        "The database at " + facts.database() + " is empty: creating HAPI FHIR's schema at "
                                + facts.requiredVersion() + ".");
            case CURRENT ->
                new Plan(
                        Action.NONE,
                        "HAPI FHIR's schema at " + facts.database() + " is at " + facts.requiredVersion() + ".");
            case BEHIND ->
                migrateAllowed
                        ? new Plan(
                                Action.MIGRATE,
                                "Migrating HAPI FHIR's schema at " + facts.database() + " from "
                                        + facts.appliedVersion() + " to " + facts.requiredVersion() + ": "
                                        + tasks(facts) + ".")
                        : new Plan(
                                Action.REFUSE,
                                "HAPI FHIR's schema at " + facts.database() + " is at "
                                        + facts.appliedVersion() + "; this server needs " + facts.requiredVersion()
                                        + " ("
                                        + tasks(facts) + "). Nothing was changed. " + howToMigrate());
            case UNRECORDED ->
                migrateAllowed
                        ? new Plan(
                                Action.MIGRATE,
                                "HAPI FHIR's tables at " + facts.database()
                                        + " have no migration table: recording them as HAPI FHIR's schema at "
                                        + facts.requiredVersion() + ".")
                        : new Plan(
                                Action.REFUSE,
                                "The database at " + facts.database() + " has HAPI FHIR's tables but no"
                                        + " migration table (FLY_HFJ_MIGRATION): Hibernate created them, as this server did before it"
                                        + " used HAPI's migration tasks. Nothing was changed. " + howToMigrate()
                                        + " The migrator then records the tables as HAPI FHIR's schema at "
                                        + facts.requiredVersion()
                                        + " and migrates them from then on.");
        };
    }

    private static String tasks(Facts facts) {
        List<String> pending = facts.pending();
        String count = pending.size() == 1 ? "1 migration task" : pending.size() + " migration tasks";
        if (pending.isEmpty()) {
            return count;
        }
        String first = pending.get(0);
        return count + ", the first " + first
                + (pending.size() > 1 ? ", the last " + pending.get(pending.size() - 1) : "");
    }

    private static String howToMigrate() {
        return "Back up the database (scripts/backup), then start the server once with " + MIGRATE_KEY + "=true"
                + " (environment " + MIGRATE_ENV + "=true), or migrate it with HAPI FHIR's CLI (hapi-fhir-cli"
                + " migrate-database, same migration table).";
    }
}
