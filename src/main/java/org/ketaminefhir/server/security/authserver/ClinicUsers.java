package org.ketaminefhir.server.security.authserver;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ketaminefhir.server.security.SecurityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The people who sign in at the embedded authorization server, kept in {@code ket_user}: their password (bcrypt), the
 * FHIR resource they are ({@code fhirUser}), their roles, and the scopes they may grant to apps. Users listed in
 * configuration are stored on the first start; a stored user is never overwritten by configuration.
 */
public class ClinicUsers implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(ClinicUsers.class);

    /**
     * A user as the authorization server needs them.
     *
     * @param fhirUser relative reference, e.g. {@code Practitioner/123}; null if none
     */
    public record ClinicUser(String username, String fhirUser, List<String> roles, List<String> allowedScopes) {
        /** The patient this user is, if their FHIR resource is a Patient. */
        public String patientId() {
            return fhirUser != null && fhirUser.startsWith("Patient/") ? fhirUser.substring("Patient/".length()) : null;
        }
    }

    private final JdbcTemplate jdbc;
    private final PasswordEncoder passwords;

    public ClinicUsers(JdbcTemplate jdbc, PasswordEncoder passwords) {
        this.jdbc = jdbc;
        this.passwords = passwords;
    }

    /** Stores the configured users that are not stored yet. */
    public void seed(List<SecurityProperties.User> users) {
        for (SecurityProperties.User user : users) {
            if (user.username() == null
                    || user.username().isBlank()
                    || user.password() == null
                    || user.password().isBlank()) {
                throw new IllegalStateException("ketamine.security: every user needs a username and a password");
            }
            if (find(user.username()).isPresent()) {
                continue;
            }
            String password = user.password().startsWith("{") ? user.password() : passwords.encode(user.password());
            try {
                jdbc.update(
                        "INSERT INTO ket_user (username, password, fhir_user, roles, allowed_scopes, enabled, created)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        user.username(),
                        password,
                        blankToNull(user.fhirUser()),
                        String.join(" ", user.roles()),
                        String.join(" ", user.allowedScopes()),
                        true,
                        Timestamp.from(Instant.now()));
                log.info(
                        "Stored user '{}' ({})",
                        user.username(),
                        user.fhirUser() == null ? "no FHIR resource" : user.fhirUser());
            } catch (DuplicateKeyException raced) {
                // another server stored it first
            }
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        List<UserDetails> found = jdbc.query(
                "SELECT username, password, roles, enabled FROM ket_user WHERE username = ?",
                (rs, row) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password"))
                        .disabled(!rs.getBoolean("enabled"))
                        .authorities(split(rs.getString("roles")).stream()
                                .map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                                .toList())
                        .build(),
                username);
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("no such user");
        }
        return found.get(0);
    }

    public Optional<ClinicUser> find(String username) {
        return jdbc
                .query(
                        "SELECT username, fhir_user, roles, allowed_scopes FROM ket_user WHERE username = ?",
                        (rs, row) -> new ClinicUser(
                                rs.getString("username"),
                                rs.getString("fhir_user"),
                                split(rs.getString("roles")),
                                split(rs.getString("allowed_scopes"))),
                        username)
                .stream()
                .findFirst();
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank()
                ? List.of()
                : Arrays.asList(value.trim().split("\\s+"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
