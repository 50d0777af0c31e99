package io.namesrv.dist.crash;

import io.namesrv.dist.support.MariaDbDatabase;
import io.namesrv.dist.support.PostgresSchema;

import java.util.List;
import java.util.Map;

/**
 * A durable store the crash cycles run on: the server config keys that select it, and the schema
 * or database made for it on a shared server, dropped on close. File stores (Chronicle, H2) live
 * under the server's work dir, which outlives every restart of one run.
 */
record StoreUnderTest(String name, Map<String, String> config, AutoCloseable database) implements AutoCloseable {
    /** The durable stores, and memory: the one that keeps nothing, for the check to prove it sees losses. */
    static final List<String> NAMES = List.of("chronicle", "jdbc-h2", "jdbc-postgresql", "jdbc-mariadb", "memory");

    static StoreUnderTest open(String name) {
        return switch (name) {
            case "memory" -> new StoreUnderTest(name, Map.of("storeType", "memory"), null);
            case "chronicle" -> new StoreUnderTest(name, Map.of("storeType", "chronicle"), null);
            case "jdbc-h2" -> new StoreUnderTest(name, Map.of("storeType", "jdbc"), null);
            case "jdbc-postgresql" -> {
                PostgresSchema schema = new PostgresSchema();
                yield new StoreUnderTest(name, schema.storeConfig(), schema);
            }
            case "jdbc-mariadb" -> {
                MariaDbDatabase database = new MariaDbDatabase();
                yield new StoreUnderTest(name, database.storeConfig(), database);
            }
            default -> throw new IllegalArgumentException("unknown store " + name + "; known: " + NAMES);
        };
    }

    @Override
    public void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }
}
