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

    /**
     * The build (SnapshotBuild, process-classes) gave every StructureDefinition of the shipped package its snapshot, so
     * that HAPI's installer generates none on a fresh database, and changed nothing else: the differential is SUSHI's.
     */
    @Test
    void theShippedProfilesCarrySnapshotsAndSushisDifferentials() throws Exception {
        FhirContext fhir = FhirContext.forR4Cached();
        var sushi = java.nio.file.Path.of("ig/fsh-generated/resources");
        int checked = 0;
        for (var resource : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                .getResources("classpath*:ig/package/StructureDefinition-*.json")) {
            org.hl7.fhir.r4.model.StructureDefinition shipped;
            try (var in = resource.getInputStream()) {
                shipped = fhir.newJsonParser().parseResource(org.hl7.fhir.r4.model.StructureDefinition.class, in);
            }
            var written = fhir.newJsonParser()
                    .parseResource(
                            org.hl7.fhir.r4.model.StructureDefinition.class,
                            java.nio.file.Files.readString(sushi.resolve(resource.getFilename())));
            assertThat(written.hasSnapshot()).as("SUSHI writes no snapshot").isFalse();
            assertThat(shipped.hasSnapshot()).as(shipped.getUrl()).isTrue();
            assertThat(shipped.getSnapshot().getElement()).as(shipped.getUrl()).isNotEmpty();
            // The generator also copies the base's mappings, as HAPI's installer does; the constraints are SUSHI's.
            assertThat(shipped.getDifferential().equalsDeep(written.getDifferential()))
                    .as(shipped.getUrl() + ": the differential is SUSHI's")
                    .isTrue();
            assertThat(java.util.Arrays.asList(
                            shipped.getUrl(), shipped.getVersion(), shipped.getBaseDefinition(), shipped.getType()))
                    .as(shipped.getUrl())
                    .isEqualTo(java.util.Arrays.asList(
                            written.getUrl(), written.getVersion(), written.getBaseDefinition(), written.getType()));
            checked++;
        }
        try (var files = java.nio.file.Files.list(sushi)) {
            assertThat(checked)
                    .as("every StructureDefinition SUSHI wrote is shipped")
                    .isEqualTo(files.filter(f -> f.getFileName().toString().startsWith("StructureDefinition-"))
                            .count());
        }
    }
}
