package io.namesrv.store.chronicle;

import io.namesrv.core.contract.RouteStoreContract;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.Map;

@Timeout(60)
class ChronicleRouteStoreTest extends RouteStoreContract {
    @Override
    protected String storeType() {
        return ChronicleRouteStoreProvider.NAME;
    }

    @Override
    protected Map<String, String> storeConfig(Path dir) {
        return TestStores.config(dir);
    }
}
