package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.TopicBroker;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Child JVM of {@link AccessMarkerTest}: applies one registration, says "acked", and waits to be killed. */
public final class ApplyThenWait {
    static final int TOPICS = 1_000;

    private ApplyThenWait() {
    }

    public static void main(String[] args) throws InterruptedException {
        RouteStore store = new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(Path.of(args[0])));
        store.apply(registration());
        System.out.println("acked");
        Thread.sleep(Long.MAX_VALUE);
        store.close();
    }

    static RouteChange registration() {
        BrokerAddr addr = new BrokerAddr("c1", "127.0.0.1:10911");
        Map<TopicBroker, QueueData> queues = new HashMap<>();
        for (int i = 0; i < TOPICS; i++) {
            queues.put(new TopicBroker("topic-" + i, "broker-a"), new QueueData("broker-a", 8, 8, 6, 0));
        }
        return new RouteChange(Map.of("c1", Set.of("broker-a")), Set.of(),
            Map.of("broker-a", new BrokerData("c1", "broker-a", new TreeMap<>(Map.of(0L, addr.brokerAddr())), null, false)),
            Set.of(), queues, Set.of(), Map.of(addr, new BrokerLiveInfo(1, 120_000, new DataVersion(0, 1, 1), null)),
            Set.of());
    }
}
