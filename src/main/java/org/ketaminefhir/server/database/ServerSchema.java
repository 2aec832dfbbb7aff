package org.ketaminefhir.server.database;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;

/**
 * Creates the server's own tables (audit trail, authorization server, search ownership, {@code $everything}'s
 * {@code _since}) if they do not exist: {@code db/ketamine-schema.sql}, run once at start-up before anything reads
 * them. HAPI's tables are HAPI's business.
 */
public class ServerSchema {

    private static final Logger log = LoggerFactory.getLogger(ServerSchema.class);

    private static final long SCHEMA_LOCK = 0x6b65745f736368L; // "ket_sch"

    private final DataSource dataSource;
    private final DatabaseDialect dialect;

    public ServerSchema(DataSource dataSource, DatabaseDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public void create() {
        String script =
                script().replace("{{TEXT}}", dialect == DatabaseDialect.POSTGRESQL ? "text" : "varchar(1000000)");
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            boolean postgres = dialect == DatabaseDialect.POSTGRESQL;
            if (postgres) {
                // Two servers starting at once on one database would race on CREATE TABLE IF NOT EXISTS.
                statement.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
            }
            try {
                for (String sql : statements(script)) {
                    statement.execute(sql);
                }
            } finally {
                if (postgres) {
                    statement.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the server's tables: " + e.getMessage(), e);
        }
        log.debug("Server tables present");
    }

    static String[] statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        return java.util.Arrays.stream(withoutComments.toString().split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    private static String script() {
        try (InputStream in = new ClassPathResource("db/ketamine-schema.sql").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("db/ketamine-schema.sql is missing from the classpath", e);
        }
    }
}
