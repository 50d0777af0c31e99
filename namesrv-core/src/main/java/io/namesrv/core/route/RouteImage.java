package io.namesrv.core.route;

import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.collect.PersistentMap;
import io.namesrv.core.spi.StoredRoutes;

import java.util.Map;
import java.util.Set;

/**
 * An immutable picture of the route tables. Readers take the current image without a lock; a write
 * builds the next one with a {@link RouteDelta} and swaps it in. The tables are persistent maps, so
 * the next image shares everything a write did not change with this one.
 */
public final class RouteImage {
    public static final RouteImage EMPTY = new RouteImage(PersistentMap.empty(), PersistentMap.empty(),
        PersistentMap.empty(), PersistentMap.empty());

    private final PersistentMap<String, Set<String>> clusters;
    private final PersistentMap<String, BrokerData> brokers;
    private final PersistentMap<String, Map<String, QueueData>> topicQueues;
    /** broker name -> the topics it has queues of: what a broker's change or departure touches. */
    private final PersistentMap<String, PersistentMap<String, Boolean>> brokerTopics;

    RouteImage(PersistentMap<String, Set<String>> clusters, PersistentMap<String, BrokerData> brokers,
               PersistentMap<String, Map<String, QueueData>> topicQueues,
               PersistentMap<String, PersistentMap<String, Boolean>> brokerTopics) {
        this.clusters = clusters;
        this.brokers = brokers;
        this.topicQueues = topicQueues;
        this.brokerTopics = brokerTopics;
    }

    static RouteImage of(StoredRoutes stored, QueueDataInterner interner) {
        RouteDelta delta = new RouteDelta(EMPTY, interner);
        stored.clusters().forEach((cluster, brokerNames) -> brokerNames.forEach(name -> delta.addBrokerName(cluster, name)));
        stored.brokers().values().forEach(delta::putBroker);
        stored.topicQueues().forEach((topic, queues) -> queues.values().forEach(queueData -> delta.putQueue(topic, queueData)));
        return delta.nextImage();
    }

    PersistentMap<String, Set<String>> clusterTable() {
        return clusters;
    }

    PersistentMap<String, BrokerData> brokerTable() {
        return brokers;
    }

    PersistentMap<String, Map<String, QueueData>> topicQueueTable() {
        return topicQueues;
    }

    PersistentMap<String, PersistentMap<String, Boolean>> brokerTopicTable() {
        return brokerTopics;
    }

    /** cluster name -> broker names. */
    public Map<String, Set<String>> clusters() {
        return clusters.asMap();
    }

    /** broker name -> broker group. */
    public Map<String, BrokerData> brokers() {
        return brokers.asMap();
    }

    /** topic -> broker name -> queues. */
    public Map<String, Map<String, QueueData>> topicQueues() {
        return topicQueues.asMap();
    }

    /** The topics the broker group has queues of; empty for an unknown group. */
    public Set<String> topicsOf(String brokerName) {
        return brokerTopics.getOrDefault(brokerName, PersistentMap.empty()).asMap().keySet();
    }
}
