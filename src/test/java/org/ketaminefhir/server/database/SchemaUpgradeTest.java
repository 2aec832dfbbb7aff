package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ketaminefhir.server.database.SchemaUpgrade.Action;
import org.ketaminefhir.server.database.SchemaUpgrade.Facts;
import org.ketaminefhir.server.database.SchemaUpgrade.State;

class SchemaUpgradeTest {

    private static final String DB = "jdbc:postgresql://db:5432/ketamine";
    private static final List<String> TWO_PENDING = List.of(
            "8.8.0.20251208.10 (Drop index IDX_RES_FHIR_ID)", "8.8.0.20251208.50 (Add index IDX_RES_TYPE_FHIR_ID)");

    static Stream<Arguments> decisions() {
        return Stream.of(
                // state, migrate allowed, action
                Arguments.of(State.EMPTY, false, Action.INITIALISE),
                Arguments.of(State.EMPTY, true, Action.INITIALISE),
                Arguments.of(State.CURRENT, false, Action.NONE),
                Arguments.of(State.CURRENT, true, Action.NONE),
                Arguments.of(State.BEHIND, false, Action.REFUSE),
                Arguments.of(State.BEHIND, true, Action.MIGRATE),
                Arguments.of(State.UNRECORDED, false, Action.REFUSE),
                Arguments.of(State.UNRECORDED, true, Action.MIGRATE));
    }

    @ParameterizedTest(name = "{0}, migrate={1} -> {2}")
    @MethodSource("decisions")
    void decidesFromWhatTheDatabaseHoldsAndWhatIsAllowed(State state, boolean migrate, Action expected) {
        Facts facts = new Facts(
                DB,
                state,
                state == State.BEHIND ? "8.6.0.20251015.01" : null,
                "8.8.0.20251208.50",
                state == State.BEHIND ? TWO_PENDING : List.of());
        assertThat(SchemaUpgrade.plan(facts, migrate).action()).isEqualTo(expected);
    }

    @Test
    void aRefusalForAnOlderSchemaSaysWhereWhatIsPendingAndWhatToRun() {
        String reason = SchemaUpgrade.plan(
                        new Facts(DB, State.BEHIND, "8.6.0.20251015.01", "8.8.0.20251208.50", TWO_PENDING), false)
                .reason();
        assertThat(reason)
                .contains(DB)
                .contains("is at 8.6.0.20251015.01; this server needs 8.8.0.20251208.50")
                .contains(
                        "2 migration tasks, the first 8.8.0.20251208.10 (Drop index IDX_RES_FHIR_ID), the last 8.8.0.20251208.50")
                .contains("Nothing was changed")
                .contains("scripts/backup")
                .contains("ketamine.schema.migrate=true")
                .contains("KETAMINE_SCHEMA_MIGRATE=true")
                .contains("hapi-fhir-cli migrate-database");
    }

    @Test
    void oneTaskIsNamedOnce() {
        String reason = SchemaUpgrade.plan(
                        new Facts(DB, State.BEHIND, "8.6.0.1", "8.8.0.2", List.of("8.8.0.2 (x)")), false)
                .reason();
        assertThat(reason).contains("(1 migration task, the first 8.8.0.2 (x))").doesNotContain("the last");
    }

    @Test
    void aRefusalForTablesWithoutTheMigrationTableSaysHowTheyWillBeAdopted() {
        String reason = SchemaUpgrade.plan(new Facts(DB, State.UNRECORDED, null, "8.8.0.20251208.50", List.of()), false)
                .reason();
        assertThat(reason)
                .contains("no migration table (FLY_HFJ_MIGRATION)")
                .contains("Hibernate created them")
                .contains("ketamine.schema.migrate=true")
                .contains("records the tables as HAPI FHIR's schema at 8.8.0.20251208.50");
    }
}
