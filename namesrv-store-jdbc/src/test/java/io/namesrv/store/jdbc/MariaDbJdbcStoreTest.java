package io.namesrv.store.jdbc;

import io.namesrv.core.config.NamesrvConfig;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

class MariaDbJdbcStoreTest extends JdbcStoreContract {
    @RegisterExtension
    final FreshDatabase database = new FreshDatabase(ExternalDatabase::mariadb);

    @Override
    protected Map<String, String> storeConfig() {
        return database.storeConfig(Map.of(NamesrvConfig.STORE_PATH.name(), storeDir.toString()));
    }

    @Override
    protected Connection connect() throws SQLException {
        return database.connect();
    }

    @Override
    protected String databaseName() {
        return "MariaDB";
    }
}
