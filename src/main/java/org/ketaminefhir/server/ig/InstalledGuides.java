package org.ketaminefhir.server.ig;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Which implementation guide package, by content, was last installed into this database (table ket_ig_install), so
 * that a restart with the same package need not install it again.
 */
public class InstalledGuides {

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    public InstalledGuides(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True if exactly this content of the package was installed here. */
    public boolean isInstalled(String packageId, String version, String contentHash) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT version, content_sha256 FROM ket_ig_install WHERE package_id = ?")) {
            select.setString(1, packageId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && version.equals(rs.getString(1)) && contentHash.equals(rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read ket_ig_install: " + e.getMessage(), e);
        }
    }

    /** Records that this content of the package is installed (replacing what was recorded for the package). */
    public void recordInstalled(String packageId, String version, String contentHash) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement delete =
                            connection.prepareStatement("DELETE FROM ket_ig_install WHERE package_id = ?");
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO ket_ig_install (package_id, version, content_sha256, installed_at) VALUES (?, ?, ?, ?)")) {
                delete.setString(1, packageId);
                delete.executeUpdate();
                insert.setString(1, packageId);
                insert.setString(2, version);
                insert.setString(3, contentHash);
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    return; // another server, starting beside this one, recorded its install at the same moment
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not record the installed implementation guide: " + e.getMessage(), e);
        }
    }
}
