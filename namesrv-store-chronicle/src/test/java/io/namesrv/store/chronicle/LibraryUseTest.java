package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.RouteStoreProvider;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.core.spi.StoredRoutes;
import io.namesrv.core.spi.TopicBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The store used as a plain library, as a program outside the server would: the usage snippet, checked. */
@Timeout(60)
class LibraryUseTest {
    @TempDir
    Path storeDir;

    @Test
    void openLoadReadATopicsQueuesClose() {
        writeOneTopic();

        NamesrvConfig config = NamesrvConfig.of(Map.of("storeType", "chronicle", "storePath", storeDir.toString()));
        RouteStoreProvider provider = RouteStores.byName(config.get(NamesrvConfig.STORE_TYPE),
            LibraryUseTest.class.getClassLoader());
        try (RouteStore store = provider.open(config)) {
            StoredRoutes routes = store.loadRoutes();
            Map<String, QueueData> queues = routes.topicQueues().get("TopicTest"); // broker name -> queue data
            assertEquals(Map.of("broker-a", new QueueData("broker-a", 4, 4, 6, 0)), queues);
        }
    }

    private void writeOneTopic() {
        try (RouteStore store = new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(storeDir))) {
            BrokerAddr addr = new BrokerAddr("DefaultCluster", "127.0.0.1:10911");
            store.apply(new RouteChange(Map.of("DefaultCluster", Set.of("broker-a")), Set.of(),
                Map.of("broker-a", new BrokerData("DefaultCluster", "broker-a", new TreeMap<>(Map.of(0L, addr.brokerAddr())),
                    null, false)), Set.of(),
                Map.of(new TopicBroker("TopicTest", "broker-a"), new QueueData("broker-a", 4, 4, 6, 0)), Set.of(),
                Map.of(addr, new BrokerLiveInfo(1, 120_000, new DataVersion(0, 1, 1), null)), Set.of()));
        }
    }
}
