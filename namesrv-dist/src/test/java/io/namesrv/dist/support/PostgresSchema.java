package io.namesrv.dist.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A schema of its own in the PostgreSQL that CI runs (127.0.0.1:5432, database test, trust auth),
 * dropped on close, so a test's name server starts on empty tables.
 */
public final class PostgresSchema implements AutoCloseable {
    private static final String SERVER_URL = System.getProperty("it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final String USER = System.getProperty("it.postgres.user", "postgres");

    private final String name = "ns_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public PostgresSchema() {
        execute("CREATE SCHEMA " + name);
    }

    /** The store keys that point the jdbc store at this schema. */
    public Map<String, String> storeConfig() {
        return Map.of("storeType", "jdbc", "jdbcUrl", SERVER_URL + "?currentSchema=" + name, "jdbcUser", USER);
    }

    @Override
    public void close() {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER_URL + " as " + USER + ": " + sql + " failed: "
                + e.getMessage() + " (CI starts it; see .ci/run)", e);
        }
    }
}
