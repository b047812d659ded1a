package io.keelwatch.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the test suite's databases live: the PostgreSQL server named by
 * {@code KEELWATCH_TEST_DATABASE_URL} (a JDBC URL of a database the suite may connect to as a
 * user allowed to create databases, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}),
 * else one embedded PostgreSQL started for this JVM. Every Spring context gets a database of its own.
 */
final class TestDatabaseServer {

    static final String URL_VARIABLE = "KEELWATCH_TEST_DATABASE_URL";

    /** Holder idiom: the embedded server starts only if a test needs it and no server was named. */
    private static final class Embedded {
        static final EmbeddedPostgres SERVER = start();

        private static EmbeddedPostgres start() {
            if ("root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("Embedded PostgreSQL cannot run as root: set " + URL_VARIABLE
                        + " (e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres) to run the tests against a server.");
            }
            try {
                EmbeddedPostgres server = EmbeddedPostgres.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting; the temporary data directory goes with it
                    }
                }));
                return server;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TestDatabaseServer() {
    }

    static TestDatabase createFresh() {
        String adminUrl = adminUrl();
        String name = "kw_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        execute(adminUrl, "create database " + name);
        return new TestDatabase(adminUrl, name, withDatabase(adminUrl, name));
    }

    static void drop(TestDatabase database) {
        execute(database.adminUrl(), "drop database if exists " + database.name() + " with (force)");
    }

    private static String adminUrl() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Embedded.SERVER.getJdbcUrl("postgres", "postgres");
    }

    /** Replaces the database name in {@code jdbc:postgresql://host:port/db?params}. */
    static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Test database statement failed (" + sql + ") on " + url, e);
        }
    }

    record TestDatabase(String adminUrl, String name, String url) {
    }
}
