package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import org.junit.jupiter.api.Test;

class DatabaseDialectTest {

    @Test
    void recognisesPostgresAndH2Urls() {
        assertThat(DatabaseDialect.forJdbcUrl("jdbc:postgresql://db:5432/ketamine_fhir")
                        .hibernateDialect())
                .isEqualTo(HapiFhirPostgresDialect.class.getName());
        assertThat(DatabaseDialect.forJdbcUrl(" JDBC:H2:file:./data/h2/x").hibernateDialect())
                .isEqualTo(HapiFhirH2Dialect.class.getName());
    }

    @Test
    void refusesAnUnsupportedDatabaseWithAMessageThatSaysWhatToSet() {
        assertThatThrownBy(() -> DatabaseDialect.forJdbcUrl("jdbc:mysql://db/fhir"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("jdbc:mysql://db/fhir")
                .hasMessageContaining("SPRING_DATASOURCE_URL");
        assertThatThrownBy(() -> DatabaseDialect.forJdbcUrl(null)).isInstanceOf(IllegalStateException.class);
    }
}
