package org.ketaminefhir.server.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates the PostgreSQL databases the tests run against and drops them when the test run ends. Each database is new
 * and empty, named after this JVM so that parallel runs on one machine never share one.
 *
 * <p>The server to use comes from {@code KETAMINE_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres},
 * a maintenance database used only to create and drop), {@code KETAMINE_TEST_PG_USER} (default postgres) and
 * {@code KETAMINE_TEST_PG_PASSWORD}; {@code scripts/test} makes sure that server is running.
 */
public final class TestDatabases {

    private static final String ADMIN_URL = env("KETAMINE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = env("KETAMINE_TEST_PG_USER", "postgres");
    private static final String PASSWORD = env("KETAMINE_TEST_PG_PASSWORD", "");
    private static final String PREFIX =
            "ketamine_fhir_test_" + ProcessHandle.current().pid() + "_";

    private static final AtomicInteger counter = new AtomicInteger();
    private static final List<String> created = new ArrayList<>();
    private static TestDatabase shared;

    private TestDatabases() {}

    /** The database behind the server that the test classes share. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            shared = create();
        }
        return shared;
    }

    /** A new, empty database of its own, e.g. for a first-boot or restart test. */
    public static synchronized TestDatabase create() {
        String name = PREFIX + counter.incrementAndGet();
        try (Connection admin = admin();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot create test database " + name + " on " + ADMIN_URL + " as " + USER
                            + " (is PostgreSQL running? scripts/test starts it): " + e.getMessage(),
                    e);
        }
        created.add(name);
        return new TestDatabase(jdbcUrlFor(name), USER, PASSWORD);
    }

    /**
     * A new database holding a copy of {@code source} (PostgreSQL's CREATE DATABASE ... TEMPLATE), e.g. for running two
     * servers from the same data. Nothing may be connected to {@code source} meanwhile; a server that has just stopped
     * may take a moment to let go, so this retries for up to 30 seconds.
     */
    public static synchronized TestDatabase copyOf(TestDatabase source) {
        String name = PREFIX + counter.incrementAndGet();
        String template = name(source);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (Connection admin = admin();
                    Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
                break;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Cannot copy test database " + template + " to " + name + ": " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        created.add(name);
        return new TestDatabase(jdbcUrlFor(name), USER, PASSWORD);
    }

    /** Drops one database this JVM created, closing any connection still open to it. */
    public static synchronized void drop(TestDatabase database) {
        String name = name(database);
        try (Connection admin = admin();
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            created.remove(name);
        } catch (SQLException e) {
            System.err.println("Could not drop test database " + name + ": " + e.getMessage());
        }
    }

    private static String name(TestDatabase database) {
        String url = database.url();
        int slash = url.lastIndexOf('/');
        int query = url.indexOf('?', slash);
        return url.substring(slash + 1, query >= 0 ? query : url.length());
    }

    /** Drops every database this JVM created, closing any connection still open to it. */
    public static synchronized void dropAll() {
        if (created.isEmpty()) {
            return;
        }
        try (Connection admin = admin();
                Statement statement = admin.createStatement()) {
            for (String name : created) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
            created.clear();
        } catch (SQLException e) {
            System.err.println("Could not drop test databases " + created + ": " + e.getMessage());
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
    }

    private static String jdbcUrlFor(String database) {
        int slash = ADMIN_URL.lastIndexOf('/');
        int query = ADMIN_URL.indexOf('?', slash);
        return ADMIN_URL.substring(0, slash + 1) + database + (query >= 0 ? ADMIN_URL.substring(query) : "");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Connection details of one test database. */
    public record TestDatabase(String url, String user, String password) {
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }
}
