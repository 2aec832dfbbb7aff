package org.ketaminefhir.server.assembly;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says, once the server is ready, where it listens and which database it uses. */
@Component
class StartupReport {

    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final DataSource dataSource;

    StartupReport(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof ServletWebServerApplicationContext web)) {
            return;
        }
        String contextPath =
                web.getServletContext() == null ? "" : web.getServletContext().getContextPath();
        log.info(
                "{} ready: FHIR R4 at http://localhost:{}{}{}, health at /actuator/health",
                FhirEndpoint.SOFTWARE_NAME,
                web.getWebServer().getPort(),
                contextPath,
                FhirEndpoint.PATH);
        log.info("Database: {}", describeDatabase());
    }

    private String describeDatabase() {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " at "
                    + withoutParameters(meta.getURL()) + " as user " + meta.getUserName();
        } catch (SQLException e) {
            return "unreachable (" + e.getMessage() + ")";
        }
    }

    /** JDBC URL parameters can carry credentials; the log gets the address only. */
    static String withoutParameters(String jdbcUrl) {
        int cut = jdbcUrl.length();
        for (char separator : new char[] {'?', ';'}) {
            int at = jdbcUrl.indexOf(separator);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return jdbcUrl.substring(0, cut);
    }
}
