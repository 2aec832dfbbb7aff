package org.ketaminefhir.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.ketaminefhir.server.support.TestDatabases.TestDatabase;

/**
 * Arm C: raw PostgreSQL over JDBC writing the same JSON into one JSONB table (one row per statement), with the
 * columns and index a chart search needs, and nothing else: no FHIR, no validation, no search indexes of HAPI's.
 */
final class RawPostgres implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestDatabase db;
    private final ThreadLocal<Connection> connections;

    RawPostgres(TestDatabase db) throws SQLException {
        this.db = db;
        this.connections = ThreadLocal.withInitial(() -> {
            try {
                return db.connect();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Statement ddl = connections.get().createStatement()) {
            ddl.execute(
                    "create table if not exists resource (pk bigserial primary key, res_type text not null, res_id text not null,"
                            + " patient text, code text, effective text, body jsonb not null)");
            ddl.execute("create index if not exists resource_id on resource (res_type, res_id)");
            ddl.execute("create index if not exists resource_chart on resource (patient, code, effective desc)");
        }
    }

    int insert(String json) throws Exception {
        Connection c = connections.get();
        c.setAutoCommit(true);
        try (PreparedStatement insert = prepare(c)) {
            bind(insert, json);
            return insert.executeUpdate();
        }
    }

    int insertTransaction(List<String> jsons) throws Exception {
        Connection c = connections.get();
        c.setAutoCommit(false);
        try (PreparedStatement insert = prepare(c)) {
            for (String json : jsons) {
                bind(insert, json);
                insert.executeUpdate();
            }
            c.commit();
            return jsons.size();
        } catch (Exception e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    int readById(String type, String id) throws SQLException {
        try (PreparedStatement q = connections
                .get()
                .prepareStatement("select body::text from resource where res_type = ? and res_id = ?")) {
            q.setString(1, type);
            q.setString(2, id);
            return count(q);
        }
    }

    int chart(String patient, String code) throws SQLException {
        try (PreparedStatement q = connections
                .get()
                .prepareStatement(
                        "select body::text from resource where patient = ? and code = ? order by effective desc limit 20")) {
            q.setString(1, patient);
            q.setString(2, code);
            return count(q);
        }
    }

    long rows() throws SQLException {
        try (Statement q = connections.get().createStatement();
                ResultSet rs = q.executeQuery("select count(*) from resource")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int count(PreparedStatement q) throws SQLException {
        int rows = 0;
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                rs.getString(1);
                rows++;
            }
        }
        return rows;
    }

    private static PreparedStatement prepare(Connection c) throws SQLException {
        return c.prepareStatement(
                "insert into resource (res_type, res_id, patient, code, effective, body) values (?, ?, ?, ?, ?, ?::jsonb)");
    }

    private static void bind(PreparedStatement insert, String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        insert.setString(1, node.path("resourceType").asText());
        insert.setString(2, node.path("id").asText());
        insert.setString(3, node.path("subject").path("reference").asText(null));
        JsonNode coding = node.path("code").path("coding");
        insert.setString(
                4,
                coding.isArray() && coding.size() > 0
                        ? coding.get(0).path("system").asText() + "|"
                                + coding.get(0).path("code").asText()
                        : null);
        insert.setString(5, node.path("effectiveDateTime").asText(null));
        insert.setString(6, json);
    }

    @Override
    public void close() {
        // connections close with the JVM; the database is dropped by TestDatabases
    }

    TestDatabase database() {
        return db;
    }
}
