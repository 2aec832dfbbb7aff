package org.ketaminefhir.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The audit trail, in the server's database ({@code ket_audit_event} and {@code ket_audit_subject}): appended once
 * per request, in a transaction of its own that commits before the answer is released, and never updated or deleted.
 * Searchable by patient, agent, entity, date, outcome, action and interaction.
 */
public class AuditLog {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final FhirContext fhirContext;

    public AuditLog(DataSource dataSource, FhirContext fhirContext) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.fhirContext = fhirContext;
    }

    /** What an event is about, for searching: kind (patient, agent, altid, entity) and value. */
    public record Subject(String kind, String value) {}

    /** Stores the event durably; throws if it cannot (the caller must then not release the answer). */
    public void append(AuditEvent event, List<Subject> subjects) {
        String json = parser().encodeResourceToString(event);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO ket_audit_event (id, recorded, outcome, action, subtype, resource) VALUES (?, ?, ?, ?, ?, ?)");
                    PreparedStatement about = connection.prepareStatement(
                            "INSERT INTO ket_audit_subject (audit_id, kind, subject) VALUES (?, ?, ?)")) {
                insert.setString(1, event.getIdElement().getIdPart());
                insert.setTimestamp(2, Timestamp.from(event.getRecorded().toInstant()));
                insert.setString(3, event.getOutcome().toCode());
                insert.setString(4, event.getAction().toCode());
                insert.setString(5, event.getSubtypeFirstRep().getCode());
                insert.setString(6, json);
                insert.executeUpdate();
                for (Subject subject : subjects) {
                    about.setString(1, event.getIdElement().getIdPart());
                    about.setString(2, subject.kind());
                    about.setString(3, truncate(subject.value()));
                    about.addBatch();
                }
                if (!subjects.isEmpty()) {
                    about.executeBatch();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The audit record could not be stored: " + e.getMessage(), e);
        }
    }

    public Optional<AuditEvent> read(String id) {
        List<String> found = jdbc.queryForList("SELECT resource FROM ket_audit_event WHERE id = ?", String.class, id);
        return found.stream().findFirst().map(json -> parser().parseResource(AuditEvent.class, json));
    }

    /** A search, as SQL conditions over {@code e} (the event) and their arguments. */
    public record Query(List<String> conditions, List<Object> arguments, boolean newestFirst) {
        public Query {
            conditions = List.copyOf(conditions);
            arguments = List.copyOf(arguments);
        }
    }

    public int count(Query query) {
        Integer count = jdbc.queryForObject(
                "SELECT count(*) FROM ket_audit_event e" + where(query),
                Integer.class,
                query.arguments().toArray());
        return count == null ? 0 : count;
    }

    public List<AuditEvent> search(Query query, int offset, int count) {
        List<Object> arguments = new ArrayList<>(query.arguments());
        arguments.add(count);
        arguments.add(offset);
        String order = query.newestFirst() ? " ORDER BY e.recorded DESC, e.id" : " ORDER BY e.recorded, e.id";
        return jdbc
                .queryForList(
                        "SELECT e.resource FROM ket_audit_event e" + where(query) + order + " LIMIT ? OFFSET ?",
                        String.class,
                        arguments.toArray())
                .stream()
                .map(json -> parser().parseResource(AuditEvent.class, json))
                .toList();
    }

    /** A condition matching events that are about one of these values of one kind. */
    public static String about(String kind, int values) {
        return "e.id IN (SELECT s.audit_id FROM ket_audit_subject s WHERE s.kind = '" + kind + "' AND s.subject IN ("
                + String.join(", ", java.util.Collections.nCopies(values, "?")) + "))";
    }

    private static String where(Query query) {
        return query.conditions().isEmpty() ? "" : " WHERE " + String.join(" AND ", query.conditions());
    }

    private IParser parser() {
        return fhirContext.newJsonParser().setPrettyPrint(false);
    }

    private static String truncate(String value) {
        return value.length() <= 512 ? value : value.substring(0, 512);
    }
}
