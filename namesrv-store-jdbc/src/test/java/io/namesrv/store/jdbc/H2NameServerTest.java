package io.namesrv.store.jdbc;

import io.namesrv.core.contract.NameServerContract;
import org.junit.jupiter.api.Timeout;

/** The contract on the default database: an H2 file under the test's store path. */
@Timeout(120)
class H2NameServerTest extends NameServerContract {
    @Override
    protected String storeType() {
        return JdbcRouteStoreProvider.NAME;
    }
}
