package org.ketaminefhir.server.security.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.ketaminefhir.server.security.Caller;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Who may fetch a search's later pages: the callers (same token subject, app, patient context and scopes) that
 * received its first page. HAPI pages through a stored search by its id; without this check a paging link obtained
 * with one token would show its results to another. Kept in the database ({@code ket_search_owner}) so a link works on
 * every server of a cluster.
 */
public class SearchPages {

    private static final Duration KEEP = Duration.ofDays(1);

    private final JdbcTemplate jdbc;
    private final AtomicReference<Instant> lastCleanup = new AtomicReference<>(Instant.EPOCH);

    public SearchPages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void recordOwner(String searchId, Caller caller) {
        try {
            jdbc.update(
                    "INSERT INTO ket_search_owner (search_id, caller, created) VALUES (?, ?, ?)",
                    searchId,
                    key(caller),
                    Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException alreadyKnown) {
            // the same caller paged this search before
        }
        Instant last = lastCleanup.get();
        if (last.plus(Duration.ofHours(1)).isBefore(Instant.now()) && lastCleanup.compareAndSet(last, Instant.now())) {
            jdbc.update(
                    "DELETE FROM ket_search_owner WHERE created < ?",
                    Timestamp.from(Instant.now().minus(KEEP)));
        }
    }

    public boolean isOwner(String searchId, Caller caller) {
        Integer count = jdbc.queryForObject(
                "SELECT count(*) FROM ket_search_owner WHERE search_id = ? AND caller = ?",
                Integer.class,
                searchId,
                key(caller));
        return count != null && count > 0;
    }

    /** A digest of everything that decides what the caller may see. */
    static String key(Caller caller) {
        String identity = String.join(
                "\n",
                String.valueOf(caller.issuer()),
                String.valueOf(caller.subject()),
                String.valueOf(caller.clientId()),
                String.valueOf(caller.patient()),
                caller.scopes().text(),
                String.valueOf(caller.sensitive()),
                String.valueOf(caller.auditor()));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
