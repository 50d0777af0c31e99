package io.namesrv.store.jdbc;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Gives each test its own empty database ns_<random> on an external server, dropped after the
 * test, so that tests and concurrent runs never see each other's rows. Its callbacks run before
 * the contract's @BeforeEach, which opens the store.
 */
final class FreshDatabase implements BeforeEachCallback, AfterEachCallback {
    private final Supplier<ExternalDatabase> server;
    private ExternalDatabase current;
    private String name;

    FreshDatabase(Supplier<ExternalDatabase> server) {
        this.server = server;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        current = server.get();
        String fresh = "ns_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        current.create(fresh);
        name = fresh;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (name != null) {
            current.drop(name);
            name = null;
        }
    }

    String url() {
        return current.urlOf(name);
    }

    /** The store keys that point a store at this test's database, added to {@code base}. */
    Map<String, String> storeConfig(Map<String, String> base) {
        Map<String, String> config = new HashMap<>(base);
        config.put(JdbcSettings.URL, url());
        config.put(JdbcSettings.USER, current.user());
        config.put(JdbcSettings.PASSWORD, current.password());
        return config;
    }

    /** A connection of the test's own to the database, outside the store's pool. */
    Connection connect() throws SQLException {
        return current.connect(url());
    }
}
