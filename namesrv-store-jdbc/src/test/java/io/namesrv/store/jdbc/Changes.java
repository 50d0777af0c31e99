package io.namesrv.store.jdbc;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.TopicBroker;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Route changes as the core makes them, for the JDBC store's own tests. */
final class Changes {
    static final String CLUSTER = "c1";

    private Changes() {
    }

    static String addrOf(String brokerName) {
        return "10.0.0." + Math.floorMod(brokerName.hashCode(), 250) + ":10911";
    }

    /** A master registering with the topics {@code <prefix>0} .. {@code <prefix><count-1>}. */
    static RouteChange registration(String brokerName, String topicPrefix, int count) {
        Map<TopicBroker, QueueData> queues = new HashMap<>();
        for (int i = 0; i < count; i++) {
            queues.put(new TopicBroker(topicPrefix + i, brokerName), new QueueData(brokerName, 8, 8, 6, 0));
        }
        return registration(brokerName, queues);
    }

    static RouteChange registration(String brokerName, Map<TopicBroker, QueueData> queues) {
        String addr = addrOf(brokerName);
        BrokerData broker = new BrokerData(CLUSTER, brokerName, new TreeMap<>(Map.of(0L, addr)), null, false);
        return new RouteChange(Map.of(CLUSTER, Set.of(brokerName)), Set.of(), Map.of(brokerName, broker), Set.of(),
            queues, Set.of(), Map.of(new BrokerAddr(CLUSTER, addr), live(1_000)), Set.of());
    }

    /** The broker leaving: its group, its queues on {@code <prefix>0} .. and its live entry go; the cluster with it. */
    static RouteChange removal(String brokerName, String topicPrefix, int count) {
        Set<TopicBroker> queues = new HashSet<>();
        for (int i = 0; i < count; i++) {
            queues.add(new TopicBroker(topicPrefix + i, brokerName));
        }
        return new RouteChange(Map.of(), Set.of(CLUSTER), Map.of(), Set.of(brokerName), Map.of(), queues, Map.of(),
            Set.of(new BrokerAddr(CLUSTER, addrOf(brokerName))));
    }

    static BrokerLiveInfo live(long lastUpdate) {
        return new BrokerLiveInfo(lastUpdate, 120_000, new DataVersion(0, 1_000, 1), addrOf("ha"));
    }
}
