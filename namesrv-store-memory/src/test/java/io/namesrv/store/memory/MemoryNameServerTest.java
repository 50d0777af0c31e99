package io.namesrv.store.memory;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.contract.NameServerContract;
import io.namesrv.core.spi.RouteStores;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MemoryNameServerTest extends NameServerContract {
    @Override
    protected String storeType() {
        return MemoryRouteStoreProvider.NAME;
    }

    @Test
    void anUnknownStoreTypeListsTheAvailableOnes() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> RouteStores.byName("redis", getClass().getClassLoader()));
        assertEquals("unknown storeType 'redis'; available stores: memory", e.getMessage());
    }
}
