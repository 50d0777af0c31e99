package io.namesrv.store.memory;

import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.RouteStoreProvider;

/** {@code storeType=memory}: tables on the heap, gone when the process ends, as in Apache's name server. */
public final class MemoryRouteStoreProvider implements RouteStoreProvider {
    public static final String NAME = "memory";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public RouteStore open(NamesrvConfig config) {
        return new MemoryRouteStore();
    }
}
