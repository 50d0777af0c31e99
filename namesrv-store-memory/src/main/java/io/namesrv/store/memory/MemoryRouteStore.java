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
 * topic-queue table is kept per broker group (broker -> topic -> queue data): a registration writes
 * one group's topics, into one map, and a map per topic would cost a million small maps at a
 * million topics.
 */
final class MemoryRouteStore implements RouteStore {
    private final Map<String, Set<String>> clusters = new HashMap<>();
    private final Map<String, BrokerData> brokers = new HashMap<>();
    /** broker name -> topic -> queue data. */
    private final Map<String, Map<String, QueueData>> queuesByBroker = new HashMap<>();
    private final Map<BrokerAddr, BrokerLiveInfo> live = new HashMap<>();
    private final Map<String, Map<String, String>> kvConfig = new HashMap<>();

    @Override
    public synchronized StoredRoutes loadRoutes() {
        Map<String, Map<String, QueueData>> topics = new HashMap<>();
        queuesByBroker.forEach((brokerName, queues) ->
            queues.forEach((topic, queueData) -> StoredRoutes.addQueue(topics, topic, brokerName, queueData)));
        return new StoredRoutes(Map.copyOf(clusters), Map.copyOf(brokers), topics, Map.copyOf(live));
    }

    @Override
    public synchronized void apply(RouteChange change) {
        change.clustersRemoved().forEach(clusters::remove);
        clusters.putAll(change.clustersPut());
        change.brokersRemoved().forEach(brokers::remove);
        brokers.putAll(change.brokersPut());
        change.queuesRemoved().forEach(this::removeQueue);
        putQueues(change.queuesPut());
        change.liveRemoved().forEach(live::remove);
        live.putAll(change.livePut());
    }

    private void removeQueue(TopicBroker key) {
        Map<String, QueueData> queues = queuesByBroker.get(key.brokerName());
        if (queues != null && queues.remove(key.topic()) != null && queues.isEmpty()) {
            queuesByBroker.remove(key.brokerName());
        }
    }

    private void putQueues(Map<TopicBroker, QueueData> queuesPut) {
        // a registration puts one group's topics: look its map up once, not once per topic
        String brokerName = null;
        Map<String, QueueData> queues = null;
        for (Map.Entry<TopicBroker, QueueData> entry : queuesPut.entrySet()) {
            TopicBroker key = entry.getKey();
            if (!key.brokerName().equals(brokerName)) {
                brokerName = key.brokerName();
                queues = queuesByBroker.computeIfAbsent(brokerName, name -> new HashMap<>());
            }
            queues.put(key.topic(), entry.getValue());
        }
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
    public boolean writesInHeap() {
        return true;
    }

    @Override
    public void close() {
        // nothing to release: the maps go with the process
    }
}
