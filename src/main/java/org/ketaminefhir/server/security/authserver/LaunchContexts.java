package org.ketaminefhir.server.security.authserver;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * EHR launch contexts: the EHR (or any user allowed to read the patient) asks for a launch id standing for the patient
 * open on its screen, opens the app with {@code launch=<id>&iss=<FHIR base>}, and the app's authorization request
 * carries the id back; the token then has that patient in context. Kept in the database so any server of a cluster can
 * resolve it; each id expires after the configured lifetime.
 */
public class LaunchContexts {

    private static final SecureRandom random = new SecureRandom();

    private final JdbcTemplate jdbc;
    private final Duration lifetime;

    public LaunchContexts(JdbcTemplate jdbc, Duration lifetime) {
        this.jdbc = jdbc;
        this.lifetime = lifetime;
    }

    public String create(String patientId, String createdBy) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String launch = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.update(
                "INSERT INTO ket_launch_context (launch_id, patient, created_by, expires_at) VALUES (?, ?, ?, ?)",
                launch,
                patientId,
                createdBy,
                Timestamp.from(Instant.now().plus(lifetime)));
        jdbc.update(
                "DELETE FROM ket_launch_context WHERE expires_at < ?",
                Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
        return launch;
    }

    public Optional<String> patientFor(String launch) {
        if (launch == null || launch.length() > 100) {
            return Optional.empty();
        }
        List<String> found = jdbc.queryForList(
                "SELECT patient FROM ket_launch_context WHERE launch_id = ? AND expires_at > ?",
                String.class,
                launch,
                Timestamp.from(Instant.now()));
        return found.stream().findFirst();
    }

    public Duration lifetime() {
        return lifetime;
    }
}
