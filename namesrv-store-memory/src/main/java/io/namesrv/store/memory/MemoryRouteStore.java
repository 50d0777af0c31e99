package io.namesrv.store.memory;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoredRoutes;
import io.namesrv.core.spi.TopicBroker;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The tables in heap maps; one monitor makes each change atomic to readers of the store. The
 * topic-queue table is one flat map keyed by topic and broker: a map per topic would cost a million
 * small maps at a million topics.
 */
final class MemoryRouteStore implements RouteStore {
    private final Map<String, Set<String>> clusters = new HashMap<>();
    private final Map<String, BrokerData> brokers = new HashMap<>();
    private final Map<TopicBroker, QueueData> queues = new HashMap<>();
    private final Map<BrokerAddr, BrokerLiveInfo> live = new HashMap<>();
    private final Map<String, Map<String, String>> kvConfig = new HashMap<>();

    @Override
    public synchronized StoredRoutes loadRoutes() {
        Map<String, Map<String, QueueData>> topics = new HashMap<>();
        queues.forEach((key, queueData) ->
            topics.computeIfAbsent(key.topic(), t -> new HashMap<>(2)).put(key.brokerName(), queueData));
        return new StoredRoutes(Map.copyOf(clusters), Map.copyOf(brokers), topics, Map.copyOf(live));
    }

    @Override
    public synchronized void apply(RouteChange change) {
        change.clustersRemoved().forEach(clusters::remove);
        clusters.putAll(change.clustersPut());
        change.brokersRemoved().forEach(brokers::remove);
        brokers.putAll(change.brokersPut());
        change.queuesRemoved().forEach(queues::remove);
        queues.putAll(change.queuesPut());
        change.liveRemoved().forEach(live::remove);
        live.putAll(change.livePut());
    }

    @Override
    public synchronized void putLive(BrokerAddr addr, BrokerLiveInfo info) {
        live.put(addr, info);
    }

    @Override
    public synchronized Map<String, Map<String, String>> loadKvConfig() {
        Map<String, Map<String, String>> copy = new HashMap<>();
        kvConfig.forEach((namespace, entries) -> copy.put(namespace, Map.copyOf(entries)));
        return copy;
    }

    @Override
    public synchronized void putKvConfig(String namespace, String key, String value) {
        kvConfig.computeIfAbsent(namespace, n -> new HashMap<>()).put(key, value);
    }

    @Override
    public synchronized void deleteKvConfig(String namespace, String key) {
        Map<String, String> entries = kvConfig.get(namespace);
        if (entries != null) {
            entries.remove(key);
            if (entries.isEmpty()) {
                kvConfig.remove(namespace);
            }
        }
    }

    @Override
    public void close() {
        // nothing to release: the maps go with the process
    }
}
