package io.namesrv.core.route;

import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.StoredRoutes;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * An immutable picture of the route tables. Readers take the current image without a lock; a write
 * builds the next one with a {@link RouteDelta} and swaps it in.
 */
public final class RouteImage {
    public static final RouteImage EMPTY = new RouteImage(Map.of(), Map.of(), Map.of());

    private final Map<String, Set<String>> clusters;
    private final Map<String, BrokerData> brokers;
    private final Map<String, Map<String, QueueData>> topicQueues;

    RouteImage(Map<String, Set<String>> clusters, Map<String, BrokerData> brokers,
               Map<String, Map<String, QueueData>> topicQueues) {
        this.clusters = Collections.unmodifiableMap(clusters);
        this.brokers = Collections.unmodifiableMap(brokers);
        this.topicQueues = Collections.unmodifiableMap(topicQueues);
    }

    static RouteImage of(StoredRoutes stored) {
        Map<String, Set<String>> clusters = new HashMap<>();
        stored.clusters().forEach((name, brokerNames) -> clusters.put(name, Set.copyOf(brokerNames)));
        Map<String, Map<String, QueueData>> topics = new HashMap<>();
        stored.topicQueues().forEach((topic, queues) -> topics.put(topic, Map.copyOf(queues)));
        return new RouteImage(clusters, new HashMap<>(stored.brokers()), topics);
    }

    /** cluster name -> broker names. */
    public Map<String, Set<String>> clusters() {
        return clusters;
    }

    /** broker name -> broker group. */
    public Map<String, BrokerData> brokers() {
        return brokers;
    }

    /** topic -> broker name -> queues. */
    public Map<String, Map<String, QueueData>> topicQueues() {
        return topicQueues;
    }
}
