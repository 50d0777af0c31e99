package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.StoredRoutes;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Decodes the four route tables into the shape the core loads. */
final class RouteReader {
    private RouteReader() {
    }

    static StoredRoutes read(RouteTables tables) {
        Map<String, Set<String>> clusters = new HashMap<>();
        tables.get(Table.CLUSTERS).forEach((key, value) -> clusters.put(Keys.name(key), Values.clusterMembers(value)));

        Map<String, BrokerData> brokers = new HashMap<>();
        tables.get(Table.BROKERS).forEach((key, value) -> {
            String name = Keys.name(key);
            brokers.put(name, Values.broker(name, value));
        });

        Map<String, Map<String, QueueData>> topicQueues = TopicQueueReader.read(tables.get(Table.TOPIC_QUEUES));

        Map<BrokerAddr, BrokerLiveInfo> live = new HashMap<>();
        tables.get(Table.LIVE).forEach((key, value) -> live.put(Keys.brokerAddr(key), Values.live(value)));
        return new StoredRoutes(clusters, brokers, topicQueues, live);
    }
}
