package io.namesrv.store.jdbc;

import io.namesrv.core.contract.RouteStoreContract;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Map;

/** The contract on the local PostgreSQL server, each test in a database of its own. */
@Timeout(120)
class PostgresRouteStoreTest extends RouteStoreContract {
    @RegisterExtension
    final FreshDatabase database = new FreshDatabase(ExternalDatabase::postgres);

    @Override
    protected String storeType() {
        return JdbcRouteStoreProvider.NAME;
    }

    @Override
    protected Map<String, String> storeConfig(Path dir) {
        return database.storeConfig(super.storeConfig(dir));
    }
}
