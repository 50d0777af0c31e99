package io.namesrv.dist.container;

import java.util.Map;

/** The default heap store: nothing to set up, and nothing left after the container goes. */
final class MemoryStore implements ContainerStore {

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public Map<String, String> namesrvConfig() {
        return Map.of("storeType", "memory");
    }

    @Override
    public void close() {
    }
}
