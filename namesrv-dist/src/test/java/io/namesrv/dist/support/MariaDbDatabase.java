package io.namesrv.dist.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A database of its own in the MariaDB that CI runs (127.0.0.1:3306, root without a password),
 * dropped on close, so a test's name server starts on empty tables: MariaDB's schemas are its
 * databases, as {@link PostgresSchema} is PostgreSQL's.
 */
public final class MariaDbDatabase implements AutoCloseable {
    private static final String SERVER_URL = System.getProperty("it.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/test");
    private static final String USER = System.getProperty("it.mariadb.user", "root");

    private final String name = "ns_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public MariaDbDatabase() {
        execute("CREATE DATABASE " + name);
    }

    /** The store keys that point the jdbc store at this database. */
    public Map<String, String> storeConfig() {
        return Map.of("storeType", "jdbc", "jdbcUrl", SERVER_URL.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1"),
            "jdbcUser", USER);
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name);
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB at " + SERVER_URL + " as " + USER + ": " + sql + " failed: "
                + e.getMessage() + " (CI starts it; see .ci/run)", e);
        }
    }
}
