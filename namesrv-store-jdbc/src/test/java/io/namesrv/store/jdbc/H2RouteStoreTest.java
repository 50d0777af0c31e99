package io.namesrv.store.jdbc;

import io.namesrv.core.contract.RouteStoreContract;
import org.junit.jupiter.api.Timeout;

/** The contract on the default database: an H2 file under the test's store path. */
@Timeout(120)
class H2RouteStoreTest extends RouteStoreContract {
    @Override
    protected String storeType() {
        return JdbcRouteStoreProvider.NAME;
    }
}
