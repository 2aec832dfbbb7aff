package org.ketaminefhir.server.database;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Lets one node at a time start on a PostgreSQL database: from the moment its data source exists until its context
 * is refreshed (HAPI's schema migration, HAPI's start-up rows such as the resource type table, the server's tables,
 * the implementation guide install), it holds a session advisory lock on a connection of its own. Two replicas of a
 * new deployment starting together would otherwise race on the same CREATE TABLE and INSERT statements, and one of
 * them fail. A node that finds another starting waits for it, then finds the work done.
 */
public class NodeStartupLock implements BeanPostProcessor, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(NodeStartupLock.class);
    private static final long KEY = 0x6b65745f737472L; // "ket_str"

    private Connection held;

    @Override
    public synchronized Object postProcessAfterInitialization(Object bean, String beanName) {
        if (held == null
                && bean instanceof HikariDataSource hikari
                && hikari.getJdbcUrl() != null
                && DatabaseDialect.forJdbcUrl(hikari.getJdbcUrl()) == DatabaseDialect.POSTGRESQL) {
            try {
                held = DriverManager.getConnection(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
                try (Statement statement = held.createStatement()) {
                    if (!tryLock(statement)) {
                        log.info("Another node is starting on this database: waiting for it to finish");
                        statement.execute("SELECT pg_advisory_lock(" + KEY + ")");
                    }
                }
            } catch (SQLException e) {
                release();
                throw new IllegalStateException(
                        "Could not take the start-up lock on the database: " + e.getMessage(), e);
            }
        }
        return bean;
    }

    private static boolean tryLock(Statement statement) throws SQLException {
        try (var result = statement.executeQuery("SELECT pg_try_advisory_lock(" + KEY + ")")) {
            return result.next() && result.getBoolean(1);
        }
    }

    /** Lets the next node start (called once this node's context is refreshed, or when it fails to start). */
    public synchronized void release() {
        if (held != null) {
            try {
                held.close(); // ends the session, and with it the lock
            } catch (SQLException e) {
                log.warn("Could not close the start-up lock's connection: {}", e.getMessage());
            }
            held = null;
        }
    }

    @Override
    public void destroy() {
        release();
    }
}
