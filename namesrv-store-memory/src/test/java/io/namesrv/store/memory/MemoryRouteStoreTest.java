package io.namesrv.store.memory;

import io.namesrv.core.contract.RouteStoreContract;

class MemoryRouteStoreTest extends RouteStoreContract {
    @Override
    protected String storeType() {
        return MemoryRouteStoreProvider.NAME;
    }
}
