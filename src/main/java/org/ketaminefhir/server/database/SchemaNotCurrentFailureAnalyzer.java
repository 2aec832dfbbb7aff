package org.ketaminefhir.server.database;

import org.ketaminefhir.server.database.HapiSchemaMigration.SchemaNotCurrentException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Start-up stopped for the schema: Spring Boot prints what was found and what to run, without a stack trace. */
public class SchemaNotCurrentFailureAnalyzer extends AbstractFailureAnalyzer<SchemaNotCurrentException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SchemaNotCurrentException cause) {
        return new FailureAnalysis(
                cause.getMessage(),
                "Set " + SchemaUpgrade.MIGRATE_KEY + "=true (" + SchemaUpgrade.MIGRATE_ENV
                        + "=true) for one start after a backup; see docs/operations.md, \"Upgrades\".",
                cause);
    }
}
