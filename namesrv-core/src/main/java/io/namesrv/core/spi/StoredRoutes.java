package io.namesrv.core.spi;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Everything a store holds of the route tables, as read back when the server starts. */
public record StoredRoutes(Map<String, Set<String>> clusters, Map<String, BrokerData> brokers,
                           Map<String, Map<String, QueueData>> topicQueues, Map<BrokerAddr, BrokerLiveInfo> live) {
    public static final StoredRoutes EMPTY = new StoredRoutes(Map.of(), Map.of(), Map.of(), Map.of());

    /**
     * Adds one stored queue row to a topic-queue table being read back: a topic served by one broker
     * group maps it with an immutable one-entry map, a {@link HashMap} once a second group serves it,
     * as a million rows read at start make a million such maps.
     */
    public static void addQueue(Map<String, Map<String, QueueData>> topicQueues, String topic, String brokerName,
                                QueueData queue) {
        Map<String, QueueData> served = topicQueues.putIfAbsent(topic, Map.of(brokerName, queue));
        if (served != null) {
            if (!(served instanceof HashMap)) {
                served = new HashMap<>(served);
                topicQueues.put(topic, served);
            }
            served.put(brokerName, queue);
        }
    }
}
