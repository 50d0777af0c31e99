package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.core.spi.StoredRoutes;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cross-table rules the repair at open restores, as assertions. */
final class Consistency {
    private Consistency() {
    }

    static void assertConsistent(StoredRoutes routes) {
        Set<String> liveAddrs = new HashSet<>();
        routes.live().keySet().forEach(addr -> liveAddrs.add(addr.brokerAddr()));
        Set<String> listedAddrs = new HashSet<>();
        for (BrokerData broker : routes.brokers().values()) {
            assertTrue(liveAddrs.containsAll(broker.brokerAddrs().values()), "every address has a live entry: " + broker);
            listedAddrs.addAll(broker.brokerAddrs().values());
            assertTrue(routes.clusters().getOrDefault(broker.cluster(), Set.of()).contains(broker.brokerName()),
                "every group is in its cluster: " + broker);
        }
        for (BrokerAddr addr : routes.live().keySet()) {
            assertTrue(listedAddrs.contains(addr.brokerAddr()), "every live entry is a listed address: " + addr);
        }
        routes.topicQueues().forEach((topic, queues) -> {
            assertTrue(!queues.isEmpty(), "no empty topic: " + topic);
            assertTrue(routes.brokers().keySet().containsAll(queues.keySet()), "queues of known groups only: " + topic);
            queues.forEach((brokerName, queue) -> assertEquals(brokerName, queue.brokerName()));
        });
        routes.clusters().forEach((cluster, members) -> {
            assertTrue(!members.isEmpty(), "no empty cluster: " + cluster);
            assertTrue(routes.brokers().keySet().containsAll(members), "clusters list known groups only: " + cluster);
        });
    }
}
