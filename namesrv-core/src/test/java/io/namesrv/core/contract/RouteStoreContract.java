package io.namesrv.core.contract;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link RouteStore} must do. A store module extends this class and names its provider;
 * durable stores are also checked across a close and a reopen.
 */
public abstract class RouteStoreContract {
    private static final BrokerAddr ADDR_A = new BrokerAddr("c1", "127.0.0.1:10911");
    private static final BrokerData BROKER_A =
        new BrokerData("c1", "broker-a", new TreeMap<>(Map.of(0L, "127.0.0.1:10911")), null, false);
    private static final BrokerLiveInfo LIVE_A =
        new BrokerLiveInfo(1_000, 120_000, new DataVersion(0, 5, 1), "127.0.0.1:10912");

    @TempDir
    protected Path storeDir;
    private RouteStore store;

    /** The provider under test, as ServiceLoader finds it. */
    protected abstract String storeType();

    /** The config a test store opens with; a store module may add its own keys. */
    protected Map<String, String> storeConfig(Path dir) {
        return Map.of(NamesrvConfig.STORE_TYPE.name(), storeType(), NamesrvConfig.STORE_PATH.name(), dir.toString());
    }

    protected final RouteStoreProvider provider() {
        return RouteStores.byName(storeType(), getClass().getClassLoader());
    }

    @BeforeEach
    void openStore() {
        store = open();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private RouteStore open() {
        return provider().open(NamesrvConfig.of(storeConfig(storeDir)));
    }

    private RouteStore reopen() {
        store.close();
        store = open();
        return store;
    }

    private static RouteChange registrationOfBrokerA(int topics) {
        Map<TopicBroker, QueueData> queues = new HashMap<>();
        for (int i = 0; i < topics; i++) {
            queues.put(new TopicBroker("topic-" + i, "broker-a"), new QueueData("broker-a", 8, 8, 6, 0));
        }
        return new RouteChange(Map.of("c1", Set.of("broker-a")), Set.of(), Map.of("broker-a", BROKER_A), Set.of(),
            queues, Set.of(), Map.of(ADDR_A, LIVE_A), Set.of());
    }

    private static RouteChange removalOfBrokerA(int topics) {
        Set<TopicBroker> queues = new java.util.HashSet<>();
        for (int i = 0; i < topics; i++) {
            queues.add(new TopicBroker("topic-" + i, "broker-a"));
        }
        return new RouteChange(Map.of(), Set.of("c1"), Map.of(), Set.of("broker-a"), Map.of(), queues, Map.of(),
            Set.of(ADDR_A));
    }

    @Test
    void aNewStoreIsEmpty() {
        StoredRoutes routes = store.loadRoutes();
        assertTrue(routes.clusters().isEmpty());
        assertTrue(routes.brokers().isEmpty());
        assertTrue(routes.topicQueues().isEmpty());
        assertTrue(routes.live().isEmpty());
        assertTrue(store.loadKvConfig().isEmpty());
    }

    @Test
    void aRegistrationIsReadBackWhole() {
        store.apply(registrationOfBrokerA(3));

        StoredRoutes routes = store.loadRoutes();
        assertEquals(Map.of("c1", Set.of("broker-a")), routes.clusters());
        assertEquals(Map.of("broker-a", BROKER_A), routes.brokers());
        assertEquals(3, routes.topicQueues().size());
        assertEquals(Map.of("broker-a", new QueueData("broker-a", 8, 8, 6, 0)), routes.topicQueues().get("topic-2"));
        assertEquals(Map.of(ADDR_A, LIVE_A), routes.live());
    }

    @Test
    void aSecondBrokerOnATopicKeepsTheFirst() {
        store.apply(registrationOfBrokerA(1));
        QueueData queuesOfB = new QueueData("broker-b", 4, 4, 6, 0);
        store.apply(new RouteChange(Map.of("c1", Set.of("broker-a", "broker-b")), Set.of(), Map.of(), Set.of(),
            Map.of(new TopicBroker("topic-0", "broker-b"), queuesOfB), Set.of(), Map.of(), Set.of()));

        Map<String, QueueData> queues = store.loadRoutes().topicQueues().get("topic-0");
        assertEquals(2, queues.size());
        assertEquals(queuesOfB, queues.get("broker-b"));
        assertEquals(Set.of("broker-a", "broker-b"), store.loadRoutes().clusters().get("c1"));
    }

    @Test
    void aRemovalLeavesNothingBehind() {
        store.apply(registrationOfBrokerA(5));
        store.apply(removalOfBrokerA(5));

        StoredRoutes routes = store.loadRoutes();
        assertTrue(routes.clusters().isEmpty());
        assertTrue(routes.brokers().isEmpty());
        assertTrue(routes.topicQueues().isEmpty(), "a topic with no queue left is gone");
        assertTrue(routes.live().isEmpty());
    }

    @Test
    void removingWhatIsAbsentIsHarmless() {
        store.apply(removalOfBrokerA(2));
        store.deleteKvConfig("ns", "missing");
        assertTrue(store.loadRoutes().brokers().isEmpty());
    }

    @Test
    void anUpdatedQueueReplacesTheOldOne() {
        store.apply(registrationOfBrokerA(1));
        QueueData readOnly = new QueueData("broker-a", 8, 8, 4, 0);
        store.apply(new RouteChange(Map.of(), Set.of(), Map.of(), Set.of(),
            Map.of(new TopicBroker("topic-0", "broker-a"), readOnly), Set.of(), Map.of(), Set.of()));
        assertEquals(readOnly, store.loadRoutes().topicQueues().get("topic-0").get("broker-a"));
    }

    @Test
    void aHeartbeatWritesTheLiveEntryOnly() {
        store.apply(registrationOfBrokerA(1));
        BrokerLiveInfo later = LIVE_A.touchedAt(9_000);
        store.putLive(ADDR_A, later);

        StoredRoutes routes = store.loadRoutes();
        assertEquals(later, routes.live().get(ADDR_A));
        assertEquals(Map.of("broker-a", BROKER_A), routes.brokers());
    }

    @Test
    void kvConfigIsPutReplacedAndDeleted() {
        store.putKvConfig("ns1", "k1", "v1");
        store.putKvConfig("ns1", "k2", "v2");
        store.putKvConfig("ns2", "k1", "other");
        store.putKvConfig("ns1", "k1", "v1b");
        store.deleteKvConfig("ns1", "k2");

        Map<String, Map<String, String>> kv = store.loadKvConfig();
        assertEquals(Map.of("k1", "v1b"), kv.get("ns1"));
        assertEquals(Map.of("k1", "other"), kv.get("ns2"));
    }

    @Test
    void aStoredValueIsACopyNotAView() {
        store.putKvConfig("ns", "k", "v");
        Map<String, Map<String, String>> before = store.loadKvConfig();
        store.putKvConfig("ns", "k", "changed");
        assertEquals("v", before.get("ns").get("k"));
    }

    @Test
    void tenThousandTopicsInOneChange() {
        store.apply(registrationOfBrokerA(10_000));
        assertEquals(10_000, store.loadRoutes().topicQueues().size());
        store.apply(removalOfBrokerA(10_000));
        assertTrue(store.loadRoutes().topicQueues().isEmpty());
    }

    @Test
    void routesAndKvConfigSurviveAReopen() {
        assumeTrue(provider().durable(), "the store does not keep data across a restart");
        store.apply(registrationOfBrokerA(3));
        store.putKvConfig("ORDER_TOPIC_CONFIG", "topic-0", "broker-a:8");

        RouteStore reopened = reopen();
        StoredRoutes routes = reopened.loadRoutes();
        assertEquals(Map.of("broker-a", BROKER_A), routes.brokers());
        assertEquals(3, routes.topicQueues().size());
        assertEquals(Map.of(ADDR_A, LIVE_A), routes.live());
        assertEquals("broker-a:8", reopened.loadKvConfig().get("ORDER_TOPIC_CONFIG").get("topic-0"));
    }

    @Test
    void aVolatileStoreStartsEmptyAfterAReopen() {
        assumeTrue(!provider().durable());
        store.apply(registrationOfBrokerA(1));
        assertTrue(reopen().loadRoutes().brokers().isEmpty());
    }

    @Test
    void theProviderIsFoundByName() {
        RouteStoreProvider provider = provider();
        assertEquals(storeType(), provider.name());
        assertSame(provider.getClass(), RouteStores.byName(storeType(), getClass().getClassLoader()).getClass());
        assertFalse(RouteStores.available(getClass().getClassLoader()).isEmpty());
    }
}
