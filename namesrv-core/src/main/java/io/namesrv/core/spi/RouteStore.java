package io.namesrv.core.spi;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerLiveInfo;

import java.util.Map;

/**
 * Where the name server's tables live: cluster, broker, topic-queue and live tables, and the KV
 * config. The core keeps its own image of the routes and calls a store only to write or, at
 * start-up, to read everything back; a write that returns normally is durable as far as the store
 * promises (see {@link RouteStoreProvider#durable()}). A write that fails throws
 * {@link StoreException} and must leave the store as it was.
 */
public interface RouteStore extends AutoCloseable {

    StoredRoutes loadRoutes();

    /** Applies every part of the change, or none of it. */
    void apply(RouteChange change);

    /** A heartbeat: the live entry of one broker address, nothing else. */
    void putLive(BrokerAddr addr, BrokerLiveInfo info);

    /** namespace -> key -> value. */
    Map<String, Map<String, String>> loadKvConfig();

    void putKvConfig(String namespace, String key, String value);

    void deleteKvConfig(String namespace, String key);

    /**
     * Whether a write is a change of maps in this process's heap, that cannot wait on a disk or a
     * network: the server then makes it on the thread that made the change, without a deadline.
     */
    default boolean writesInHeap() {
        return false;
    }

    @Override
    void close();
}
