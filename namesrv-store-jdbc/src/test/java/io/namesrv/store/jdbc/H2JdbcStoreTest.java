package io.namesrv.store.jdbc;

import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class H2JdbcStoreTest extends JdbcStoreContract {
    @Override
    protected Map<String, String> storeConfig() {
        return Map.of(NamesrvConfig.STORE_PATH.name(), storeDir.toString());
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(JdbcSettings.defaultH2Url(storeDir));
    }

    @Override
    protected String databaseName() {
        return "H2";
    }

    @Test
    void aMissingStorePathIsCreated() {
        Path nested = storeDir.resolve("a").resolve("b");
        try (RouteStore store = new JdbcRouteStoreProvider().open(
            NamesrvConfig.of(Map.of(NamesrvConfig.STORE_PATH.name(), nested.toString())))) {
            store.putKvConfig("ns", "k", "v");
            assertEquals("v", store.loadKvConfig().get("ns").get("k"));
        }
    }
}
