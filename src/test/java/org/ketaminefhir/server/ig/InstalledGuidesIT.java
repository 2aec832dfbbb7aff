package org.ketaminefhir.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.database.DatabaseDialect;
import org.ketaminefhir.server.database.ServerSchema;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.TestDatabases.TestDatabase;
import org.postgresql.ds.PGSimpleDataSource;

/** The record of the installed package, on PostgreSQL: a restart skips the install only for the very same content. */
class InstalledGuidesIT {

    private static TestDatabase db;
    private static InstalledGuides installed;

    @BeforeAll
    static void schema() {
        db = TestDatabases.create();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(db.url());
        dataSource.setUser(db.user());
        dataSource.setPassword(db.password());
        new ServerSchema(dataSource, DatabaseDialect.POSTGRESQL).create();
        installed = new InstalledGuides(dataSource);
    }

    @AfterAll
    static void drop() {
        TestDatabases.drop(db);
    }

    @Test
    void onlyTheSameContentUnderTheSameVersionCountsAsInstalled() {
        assertThat(installed.isInstalled("org.example.ig", "1.0.0", "aaa"))
                .as("nothing installed yet")
                .isFalse();

        installed.recordInstalled("org.example.ig", "1.0.0", "aaa");
        assertThat(installed.isInstalled("org.example.ig", "1.0.0", "aaa")).isTrue();
        assertThat(installed.isInstalled("org.example.ig", "1.0.0", "bbb"))
                .as("rebuilt under the same version")
                .isFalse();
        assertThat(installed.isInstalled("org.example.ig", "1.0.1", "aaa"))
                .as("another version")
                .isFalse();
        assertThat(installed.isInstalled("org.example.other", "1.0.0", "aaa"))
                .as("another package")
                .isFalse();

        installed.recordInstalled("org.example.ig", "1.0.1", "bbb");
        assertThat(installed.isInstalled("org.example.ig", "1.0.1", "bbb")).isTrue();
        assertThat(installed.isInstalled("org.example.ig", "1.0.0", "aaa"))
                .as("replaced")
                .isFalse();
    }

    @Test
    void theShippedPackagesHashIsStableAndCoversItsFiles() {
        ImplementationGuidePackage guide = ImplementationGuidePackage.fromClasspath(FhirContext.forR4Cached());
        assertThat(guide.contentHash())
                .hasSize(64)
                .isEqualTo(ImplementationGuidePackage.fromClasspath(FhirContext.forR4Cached())
                        .contentHash());
    }
}
