package io.namesrv.store.chronicle;

import io.namesrv.core.contract.NameServerContract;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.Map;

@Timeout(60)
class ChronicleNameServerTest extends NameServerContract {
    @Override
    protected String storeType() {
        return ChronicleRouteStoreProvider.NAME;
    }

    @Override
    protected Map<String, String> storeConfig(Path dir) {
        return TestStores.config(dir);
    }
}
