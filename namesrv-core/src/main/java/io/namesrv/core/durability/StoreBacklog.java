package io.namesrv.core.durability;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.TopicBroker;

import java.util.Map;
import java.util.Set;

/**
 * What the store has not been given yet, coalesced: per key of each table only the last write. It
 * holds at most one entry per key the tables ever had during the outage, whatever the number of
 * writes, and shares the values with the route image.
 */
final class StoreBacklog {
    /** A KV config entry's address. */
    record KvKey(String namespace, String key) {
    }

    private final Coalesced<String, Set<String>> clusters = new Coalesced<>();
    private final Coalesced<String, BrokerData> brokers = new Coalesced<>();
    private final Coalesced<TopicBroker, QueueData> queues = new Coalesced<>();
    private final Coalesced<BrokerAddr, BrokerLiveInfo> live = new Coalesced<>();
    private final Coalesced<KvKey, String> kvConfig = new Coalesced<>();

    void add(RouteChange change) {
        clusters.removeAll(change.clustersRemoved());
        clusters.putAll(change.clustersPut());
        brokers.removeAll(change.brokersRemoved());
        brokers.putAll(change.brokersPut());
        queues.removeAll(change.queuesRemoved());
        queues.putAll(change.queuesPut());
        live.removeAll(change.liveRemoved());
        live.putAll(change.livePut());
    }

    void addLive(BrokerAddr addr, BrokerLiveInfo info) {
        live.put(addr, info);
    }

    /** A KV entry as the memory holds it: {@code value} null when it has none. */
    void addKvConfig(String namespace, String key, String value) {
        KvKey kvKey = new KvKey(namespace, key);
        if (value == null) {
            kvConfig.remove(kvKey);
        } else {
            kvConfig.put(kvKey, value);
        }
    }

    /** Takes in the writes of {@code older} to the keys this backlog has not written since. */
    void addOlder(StoreBacklog older) {
        clusters.addOlder(older.clusters);
        brokers.addOlder(older.brokers);
        queues.addOlder(older.queues);
        live.addOlder(older.live);
        kvConfig.addOlder(older.kvConfig);
    }

    /** Gives the store every write: the route tables in one change (one transaction), then the KV entries. */
    void writeTo(RouteStore store) {
        RouteChange change = new RouteChange(clusters.puts(), clusters.removals(), brokers.puts(), brokers.removals(),
            queues.puts(), queues.removals(), live.puts(), live.removals());
        if (!change.isEmpty()) {
            store.apply(change);
        }
        for (KvKey removed : kvConfig.removals()) {
            store.deleteKvConfig(removed.namespace(), removed.key());
        }
        for (Map.Entry<KvKey, String> put : kvConfig.puts().entrySet()) {
            store.putKvConfig(put.getKey().namespace(), put.getKey().key(), put.getValue());
        }
    }

    /** Keys written, across the tables. */
    int size() {
        return clusters.size() + brokers.size() + queues.size() + live.size() + kvConfig.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }
}
