package org.ketaminefhir.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ketaminefhir.server.support.StandaloneServer;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.TestDatabases.TestDatabase;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Data written before a restart is there after it, on PostgreSQL and on the embedded H2 default. */
@ExtendWith(OutputCaptureExtension.class)
class PersistenceAcrossRestartTest {

	@Test
	void postgresSchemaIsCreatedOnFirstStartAndDataSurvivesARestart(CapturedOutput output) throws Exception {
		TestDatabase db = TestDatabases.create();
		assertThat(hapiTableCount(db)).isZero();

		IIdType id;
		try (StandaloneServer server = StandaloneServer.onPostgres(db)) {
			assertThat(hapiTableCount(db)).isGreaterThan(20);
			id = server.client().create().resource(patient("Achterberg")).execute().getId().toUnqualifiedVersionless();
			assertThat(output).contains("FHIR R4 at http://localhost:" + server.port() + "/fhir");
			assertThat(output).contains("Database: PostgreSQL");
		}

		try (StandaloneServer restarted = StandaloneServer.onPostgres(db)) {
			Patient read = restarted.client().read().resource(Patient.class).withId(id).execute();
			assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Achterberg");
		}
	}

	@Test
	void embeddedDefaultKeepsItsH2FileInTheDataFolderAcrossARestart(@TempDir Path dataDir, CapturedOutput output) {
		Map<String, String> settings = Map.of("ketamine.data-dir", dataDir.toString());

		IIdType id;
		try (StandaloneServer server = StandaloneServer.start(settings)) {
			id = server.client().create().resource(patient("Bergström")).execute().getId().toUnqualifiedVersionless();
			assertThat(output).contains("Database: H2");
		}
		assertThat(Files.exists(dataDir.resolve("h2/ketamine-fhir.mv.db"))).isTrue();

		try (StandaloneServer restarted = StandaloneServer.start(settings)) {
			Patient read = restarted.client().read().resource(Patient.class).withId(id).execute();
			assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Bergström");
		}
	}

	private static int hapiTableCount(TestDatabase db) throws SQLException {
		try (Connection connection = db.connect();
				ResultSet rs = connection.createStatement().executeQuery(
						"select count(*) from information_schema.tables where table_name like 'hfj_%'")) {
			rs.next();
			return rs.getInt(1);
		}
	}

	private static Patient patient(String family) {
		Patient patient = new Patient();
		patient.addName().setFamily(family).addGiven("Test");
		return patient;
	}
}
