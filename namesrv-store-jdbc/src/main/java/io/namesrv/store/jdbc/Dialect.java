package io.namesrv.store.jdbc;

import io.namesrv.core.config.ConfigException;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What differs between the databases the store runs on: the upsert idiom, driver settings, migration scripts. */
enum Dialect {
    H2("H2", "h2", "jdbc:h2:"),
    POSTGRESQL("PostgreSQL", "postgresql", "jdbc:postgresql:"),
    MARIADB("MariaDB", "mariadb", "jdbc:mariadb:", "jdbc:mysql:");

    private final String displayName;
    private final String scriptFolder;
    private final List<String> urlPrefixes;

    Dialect(String displayName, String scriptFolder, String... urlPrefixes) {
        this.displayName = displayName;
        this.scriptFolder = scriptFolder;
        this.urlPrefixes = List.of(urlPrefixes);
    }

    static Dialect ofUrl(String jdbcUrl) {
        return Arrays.stream(values())
            .filter(d -> d.urlPrefixes.stream().anyMatch(jdbcUrl::startsWith))
            .findFirst()
            .orElseThrow(() -> new ConfigException(JdbcSettings.URL + " must start with one of "
                + Arrays.stream(values()).flatMap(d -> d.urlPrefixes.stream()).collect(Collectors.joining(", "))
                + "; got '" + JdbcSettings.redact(jdbcUrl) + "'"));
    }

    String displayName() {
        return displayName;
    }

    /** The class path folder of this database's migration scripts, under {@code db/}. */
    String scriptFolder() {
        return scriptFolder;
    }

    /** An insert that replaces the value columns of the row with the same key, as one statement. */
    String upsert(String table, List<String> keyColumns, List<String> valueColumns) {
        String columns = String.join(", ", Stream.concat(keyColumns.stream(), valueColumns.stream()).toList());
        String parameters = String.join(", ", Collections.nCopies(keyColumns.size() + valueColumns.size(), "?"));
        String insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + parameters + ")";
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + String.join(", ", keyColumns)
                + ") VALUES (" + parameters + ")";
            case POSTGRESQL -> insert + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET "
                + valueColumns.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
            case MARIADB -> insert + " ON DUPLICATE KEY UPDATE "
                + valueColumns.stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
        };
    }

    /**
     * Driver properties: the timeouts, in each driver's own unit, so that a database that stops
     * answering fails a write instead of hanging it; and the batch modes the drivers leave off
     * unless asked (PostgreSQL's rewrite into multi-row inserts, MariaDB's bulk protocol), which
     * send a batch of 10,000 rows in a few round trips.
     */
    Map<String, String> driverProperties(int connectTimeoutMillis, int socketTimeoutMillis) {
        return switch (this) {
            case H2 -> Map.of();
            case POSTGRESQL -> Map.of(
                "reWriteBatchedInserts", "true",
                "connectTimeout", String.valueOf(ceilSeconds(connectTimeoutMillis)),
                "socketTimeout", String.valueOf(ceilSeconds(socketTimeoutMillis)));
            case MARIADB -> Map.of(
                "useBulkStmts", "true",
                "connectTimeout", String.valueOf(connectTimeoutMillis),
                "socketTimeout", String.valueOf(socketTimeoutMillis));
        };
    }

    private static int ceilSeconds(int millis) {
        return (millis + 999) / 1000;
    }
}
