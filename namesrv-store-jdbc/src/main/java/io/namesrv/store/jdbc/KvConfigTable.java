package io.namesrv.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The KV config: namespace -> key -> value, one row per key. */
final class KvConfigTable {
    private static final String SELECT_ALL = "SELECT namespace, config_key, config_value FROM ns_kv_config";
    private static final String DELETE = "DELETE FROM ns_kv_config WHERE namespace = ? AND config_key = ?";

    private final String upsert;

    KvConfigTable(Dialect dialect) {
        upsert = dialect.upsert("ns_kv_config", List.of("namespace", "config_key"), List.of("config_value"));
    }

    Map<String, Map<String, String>> readAll(Connection connection) throws SQLException {
        Map<String, Map<String, String>> config = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(SELECT_ALL)) {
            while (rows.next()) {
                config.computeIfAbsent(rows.getString(1), n -> new HashMap<>()).put(rows.getString(2), rows.getString(3));
            }
        }
        return config;
    }

    void put(Connection connection, String namespace, String key, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(upsert)) {
            statement.setString(1, namespace);
            statement.setString(2, key);
            statement.setString(3, value);
            statement.executeUpdate();
        }
    }

    void delete(Connection connection, String namespace, String key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setString(1, namespace);
            statement.setString(2, key);
            statement.executeUpdate();
        }
    }
}
