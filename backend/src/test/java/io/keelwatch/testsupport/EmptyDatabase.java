package io.keelwatch.testsupport;

/**
 * A new, empty database on the test server, without the application: for tests that migrate a
 * schema step by step (Flyway up to one version, data as it was then, the next version). Dropped on close.
 */
public final class EmptyDatabase implements AutoCloseable {

    private final TestDatabaseServer.TestDatabase database = TestDatabaseServer.createFresh();

    /** Its JDBC URL, with the server's credentials. */
    public String url() {
        return database.url();
    }

    @Override
    public void close() {
        TestDatabaseServer.drop(database);
    }
}
