package io.namesrv.core.spi;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;

import java.util.Map;
import java.util.Set;

/** Everything a store holds of the route tables, as read back when the server starts. */
public record StoredRoutes(Map<String, Set<String>> clusters, Map<String, BrokerData> brokers,
                           Map<String, Map<String, QueueData>> topicQueues, Map<BrokerAddr, BrokerLiveInfo> live) {
    public static final StoredRoutes EMPTY = new StoredRoutes(Map.of(), Map.of(), Map.of(), Map.of());
}
