package org.ketaminefhir.server.support;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The embedded authorization server's signing key, read from the test database: lets a test mint tokens that are
 * validly signed but wrong in some other way (expired, another audience, ...), as a misbehaving issuer would.
 */
public final class ServerKeys {

    private ServerKeys() {}

    public static RSAKey signingKey(TestDatabases.TestDatabase db) {
        try (Connection connection = db.connect();
                ResultSet rs = connection
                        .createStatement()
                        .executeQuery("SELECT jwk FROM ket_signing_key ORDER BY created DESC")) {
            if (!rs.next()) {
                throw new IllegalStateException("no signing key stored yet");
            }
            return (RSAKey) JWK.parse(rs.getString(1));
        } catch (SQLException | java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
