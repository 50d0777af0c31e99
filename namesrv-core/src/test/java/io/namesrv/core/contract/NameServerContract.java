package io.namesrv.core.contract;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerIdentity;
import io.namesrv.api.model.ClusterInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.Perm;
import io.namesrv.api.model.QueueData;
import io.namesrv.api.model.RegisterBrokerResult;
import io.namesrv.api.model.TopicQueueMapping;
import io.namesrv.api.model.TopicRouteData;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.durability.StoreUnavailableException;
import io.namesrv.core.kv.KvConfigManager;
import io.namesrv.core.route.MinBrokerIdChange;
import io.namesrv.core.route.RouteImage;
import io.namesrv.core.route.TopicLists;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.core.spi.StoreException;
import io.namesrv.core.spi.StoredRoutes;
import io.namesrv.core.testkit.MutableClock;
import io.namesrv.core.testkit.Registrations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.namesrv.core.testkit.Registrations.broker;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The name server's behaviour (register, expire, unregister, route, KV) on a given store, with a
 * clock the test moves. Each store module runs it, so the behaviour is the same on every store.
 */
public abstract class NameServerContract {
    private static final String A = "127.0.0.1:10911";
    private static final String A_SLAVE = "127.0.0.1:10921";
    private static final String B = "127.0.0.1:20911";
    private static final String C = "127.0.0.1:30911";

    @TempDir
    protected Path storeDir;
    private final MutableClock clock = new MutableClock(1_700_000_000_000L);
    private final FailingStore failing = new FailingStore();
    private NameServer server;

    protected abstract String storeType();

    protected Map<String, String> storeConfig(Path dir) {
        return Map.of(NamesrvConfig.STORE_TYPE.name(), storeType(), NamesrvConfig.STORE_PATH.name(), dir.toString());
    }

    private NameServer start(Map<String, String> extraConfig) {
        Map<String, String> settings = new HashMap<>(storeConfig(storeDir));
        settings.putAll(extraConfig);
        NamesrvConfig config = NamesrvConfig.of(settings);
        failing.delegate = RouteStores.byName(storeType(), getClass().getClassLoader()).open(config);
        server = new NameServer(config, failing, clock);
        server.load();
        return server;
    }

    private NameServer start() {
        return start(Map.of());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRegisteredMasterShowsInClusterInfoAndRoutes() {
        NameServer ns = start();
        RegisterBrokerResult result = ns.routes().registerBroker(broker("broker-a", A).topic("orders", 8).build());

        assertEquals(RegisterBrokerResult.NONE, result);
        ClusterInfo info = ns.routes().clusterInfo();
        assertEquals(Map.of("DefaultCluster", Set.of("broker-a")), info.clusterAddrTable());
        assertEquals(Map.of(0L, A), info.brokerAddrTable().get("broker-a").brokerAddrs());

        TopicRouteData route = ns.route("orders");
        assertEquals(List.of(new QueueData("broker-a", 8, 8, Perm.READ | Perm.WRITE, 0)), route.queueDatas());
        assertEquals(1, route.brokerDatas().size());
        assertEquals("DefaultCluster", route.brokerDatas().get(0).cluster());
        assertNull(route.orderTopicConf());
    }

    @Test
    void anUnknownTopicHasNoRoute() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("orders", 8).build());
        assertNull(ns.route("nope"));
    }

    @Test
    void aSlaveIsToldItsMasterAndItsHaAddress() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).haServerAddr("127.0.0.1:10912").topic("t", 4).build());
        RegisterBrokerResult result = ns.routes().registerBroker(broker("broker-a", A_SLAVE).id(1).topic("t", 4).build());

        assertEquals(new RegisterBrokerResult("127.0.0.1:10912", A), result);
        assertEquals(Map.of(0L, A, 1L, A_SLAVE), ns.routes().clusterInfo().brokerAddrTable().get("broker-a").brokerAddrs());
        assertEquals(1, ns.route("t").queueDatas().size(), "only the master's topics make queue data");
    }

    @Test
    void anUnchangedDataVersionLeavesQueuesAsTheyAre() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 8).build());
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 2).build());
        assertEquals(8, ns.route("t").queueDatas().get(0).writeQueueNums());

        ns.routes().registerBroker(broker("broker-a", A).version(2).topic("t", 2).build());
        assertEquals(2, ns.route("t").queueDatas().get(0).writeQueueNums());
    }

    @Test
    void aNewTopicIsAddedEvenUnderAnUnchangedVersion() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 8).build());
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 8).topic("u", 4).build());
        assertNotNull(ns.route("u"));
    }

    @Test
    void aSingleTopicRegistrationBeforeTheFullOneIsRefused() {
        NameServer ns = start();
        assertNull(ns.routes().registerBroker(broker("broker-a", A).withoutOwnTopic().topic("t", 8).build()));
        assertNull(ns.route("t"));
    }

    @Test
    void unregisteringTheLastMemberRemovesEverythingTiedToIt() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("shared", 4).topic("only-a", 4).build());
        ns.routes().registerBroker(broker("broker-b", B).topic("shared", 4).build());

        ns.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", A, "broker-a", 0)));

        assertNull(ns.route("only-a"));
        TopicRouteData shared = ns.route("shared");
        assertEquals(List.of("broker-b"), shared.queueDatas().stream().map(QueueData::brokerName).toList());
        ClusterInfo info = ns.routes().clusterInfo();
        assertEquals(Set.of("broker-b"), info.brokerAddrTable().keySet());
        assertEquals(Map.of("DefaultCluster", Set.of("broker-b")), info.clusterAddrTable());
        assertEquals(Set.of(new BrokerAddr("DefaultCluster", B)), ns.routes().liveTable().keySet());

        ns.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", B, "broker-b", 0)));
        assertTrue(ns.routes().clusterInfo().clusterAddrTable().isEmpty(), "an empty cluster is removed");
    }

    @Test
    void unregisteringASlaveKeepsTheGroupAndItsTopics() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());
        ns.routes().registerBroker(broker("broker-a", A_SLAVE).id(1).topic("t", 4).build());

        ns.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", A_SLAVE, "broker-a", 1)));

        assertEquals(Map.of(0L, A), ns.route("t").brokerDatas().get(0).brokerAddrs());
    }

    @Test
    @Timeout(60)
    void readersSeeEachWriteWholeOrNotAtAll() throws Exception {
        NameServer ns = start();
        int topics = 300;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> torn = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (writing.get() && torn.get() == null) {
                RouteImage image = ns.routes().image();
                Set<Integer> queueCounts = new HashSet<>();
                int served = 0;
                for (int i = 0; i < topics; i++) {
                    Map<String, QueueData> queues = image.topicQueues().get("t" + i);
                    if (queues != null) {
                        served++;
                        queueCounts.add(queues.get("broker-a").writeQueueNums());
                    }
                }
                if ((served != 0 && served != topics) || queueCounts.size() > 1
                    || image.topicsOf("broker-a").size() != (served == 0 ? 0 : topics + 1)) {
                    torn.set(served + " topics served with queue counts " + queueCounts + ", index "
                        + image.topicsOf("broker-a").size());
                }
            }
        }, "image-reader");
        reader.start();
        try {
            for (int round = 1; round <= 20; round++) {
                ns.routes().registerBroker(broker("broker-a", A).version(round).topics("t", topics, 1 + round % 2).build());
                if (round % 5 == 0) {
                    ns.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", A, "broker-a", 0)));
                }
            }
        } finally {
            writing.set(false);
            reader.join();
        }
        assertNull(torn.get());
    }

    @Test
    void theTopicsOfEachBrokerFollowEveryKindOfWrite() {
        NameServer ns = start(Map.of(NamesrvConfig.DELETE_TOPIC_WITH_BROKER_REGISTRATION.name(), "true"));
        ns.routes().registerBroker(broker("broker-a", A).cluster("c1").topic("shared", 4).topic("a1", 4).topic("a2", 4).build());
        ns.routes().registerBroker(broker("broker-b", B).cluster("c2").topic("shared", 4).topic("b1", 4).build());
        assertTopicsIndexed(ns);
        assertEquals(Set.of("shared", "a1", "a2", "broker-a"), TopicLists.ofCluster(ns.routes().image(), "c1"));

        ns.routes().registerBroker(broker("broker-a", A).cluster("c1").version(2).topic("shared", 4).topic("a3", 4).build());
        assertTopicsIndexed(ns);
        assertEquals(Set.of("shared", "a3", "broker-a"), ns.routes().image().topicsOf("broker-a"));

        ns.routes().registerTopic("added", List.of(new QueueData("broker-b", 2, 2, Perm.READ | Perm.WRITE, 0)));
        ns.routes().deleteTopic("shared", "c1");
        assertTopicsIndexed(ns);
        assertEquals(Set.of("shared", "b1", "added", "broker-b"), ns.routes().image().topicsOf("broker-b"));

        ns.routes().unregisterBrokers(List.of(new BrokerIdentity("c2", B, "broker-b", 0)));
        assertTopicsIndexed(ns);
        assertEquals(Set.of(), ns.routes().image().topicsOf("broker-b"));
        assertEquals(Set.of("a3", "broker-a"), ns.routes().image().topicQueues().keySet());
    }

    private static void assertTopicsIndexed(NameServer ns) {
        RouteImage image = ns.routes().image();
        Map<String, Set<String>> expected = new HashMap<>();
        image.topicQueues().forEach((topic, queues) ->
            queues.keySet().forEach(brokerName -> expected.computeIfAbsent(brokerName, b -> new HashSet<>()).add(topic)));
        for (String brokerName : image.brokers().keySet()) {
            assertEquals(expected.getOrDefault(brokerName, Set.of()), image.topicsOf(brokerName), brokerName);
        }
    }

    @Test
    void aSilentBrokerExpiresAfterTheDefaultTimeout() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());

        clock.advance(Duration.ofSeconds(119));
        assertTrue(ns.routes().expireSilentBrokers().isEmpty());
        assertNotNull(ns.route("t"));

        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of(new BrokerAddr("DefaultCluster", A)), ns.routes().expireSilentBrokers());
        assertNull(ns.route("t"));
        assertTrue(ns.routes().clusterInfo().brokerAddrTable().isEmpty());
        assertTrue(ns.routes().liveTable().isEmpty());
    }

    @Test
    void aHeartbeatKeepsABrokerAlive() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());
        clock.advance(Duration.ofSeconds(100));
        assertTrue(ns.routes().heartbeat(new BrokerAddr("DefaultCluster", A)));
        clock.advance(Duration.ofSeconds(100));
        assertTrue(ns.routes().expireSilentBrokers().isEmpty());
        assertNotNull(ns.route("t"));
    }

    @Test
    void theBrokersOwnTimeoutWins() {
        NameServer ns = start(Map.of(NamesrvConfig.BROKER_HEARTBEAT_TIMEOUT_MILLIS.name(), "600000"));
        ns.routes().registerBroker(broker("broker-a", A).timeoutMillis(10_000).topic("t", 4).build());
        ns.routes().registerBroker(broker("broker-b", B).topic("u", 4).build());

        clock.advance(Duration.ofSeconds(11));
        assertEquals(List.of(new BrokerAddr("DefaultCluster", A)), ns.routes().expireSilentBrokers());
        clock.advance(Duration.ofSeconds(500));
        assertTrue(ns.routes().expireSilentBrokers().isEmpty(), "the configured default timeout applies to b");
    }

    @Test
    void aBrokerWhoseConnectionClosedIsGone() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());
        ns.routes().brokerGone(new BrokerAddr("DefaultCluster", A));
        assertNull(ns.route("t"));
        assertTrue(ns.routes().liveTable().isEmpty());
    }

    @Test
    void theOrderTopicConfigJoinsTheRouteWhenEnabled() {
        NameServer ns = start(Map.of(NamesrvConfig.ORDER_MESSAGE_ENABLE.name(), "true"));
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());
        ns.kvConfig().put(KvConfigManager.NAMESPACE_ORDER_TOPIC_CONFIG, "t", "broker-a:4");
        assertEquals("broker-a:4", ns.route("t").orderTopicConf());
    }

    @Test
    void theOrderTopicConfigStaysOutWhenDisabled() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());
        ns.kvConfig().put(KvConfigManager.NAMESPACE_ORDER_TOPIC_CONFIG, "t", "broker-a:4");
        assertNull(ns.route("t").orderTopicConf());
    }

    @Test
    void kvConfigPutGetDeleteAndListByNamespace() {
        NameServer ns = start();
        ns.kvConfig().put("ns", "k1", "v1");
        ns.kvConfig().put("ns", "k2", "v2");
        ns.kvConfig().put("ns", "k1", "v1b");
        assertEquals("v1b", ns.kvConfig().get("ns", "k1"));
        assertEquals(Map.of("k1", "v1b", "k2", "v2"), ns.kvConfig().namespace("ns"));

        ns.kvConfig().delete("ns", "k1");
        ns.kvConfig().delete("ns", "k2");
        assertNull(ns.kvConfig().get("ns", "k1"));
        assertNull(ns.kvConfig().namespace("ns"));
    }

    @Test
    void topicsNoLongerRegisteredAreDroppedWhenConfigured() {
        NameServer ns = start(Map.of(NamesrvConfig.DELETE_TOPIC_WITH_BROKER_REGISTRATION.name(), "true"));
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 4).topic("u", 4).build());
        ns.routes().registerBroker(broker("broker-a", A).version(2).topic("t", 4).build());
        assertNull(ns.route("u"));
        assertNotNull(ns.route("t"));
    }

    @Test
    void aGroupWithoutMasterPresentsItsLowestSlaveForReadOnlyTopics() {
        NameServer ns = start(Map.of(NamesrvConfig.SUPPORT_ACTING_MASTER.name(), "true"));
        ns.routes().registerBroker(broker("broker-a", A).actingMaster(true).topic("t", 4).build());
        ns.routes().registerBroker(broker("broker-a", A_SLAVE).id(1).actingMaster(true).topic("t", 4).build());
        ns.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", A, "broker-a", 0)));

        TopicRouteData route = ns.route("t");
        assertEquals(Perm.READ, route.queueDatas().get(0).perm(), "write perm wiped with the master gone");
        assertEquals(Map.of(0L, A_SLAVE), route.brokerDatas().get(0).brokerAddrs());
        assertEquals(Map.of(1L, A_SLAVE), ns.routes().clusterInfo().brokerAddrTable().get("broker-a").brokerAddrs());
    }

    @Test
    void writePermissionIsWipedAndGivenBack() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).topic("u", 4).build());
        ns.routes().registerBroker(broker("broker-b", B).topic("t", 4).build());

        assertEquals(3, ns.routes().changeWritePerm("broker-a", false), "t, u and the broker's own topic");
        Map<String, Integer> perms = new HashMap<>();
        ns.route("t").queueDatas().forEach(q -> perms.put(q.brokerName(), q.perm()));
        assertEquals(Map.of("broker-a", Perm.READ, "broker-b", Perm.READ | Perm.WRITE), perms);

        assertEquals(3, ns.routes().changeWritePerm("broker-a", true));
        assertEquals(Perm.READ | Perm.WRITE, ns.route("u").queueDatas().get(0).perm());
        assertEquals(0, ns.routes().changeWritePerm("nobody", false));
    }

    @Test
    void theSameTopicListUnderANewVersionRestoresWhatAdminsChangedSince() {
        NameServer ns = start();
        Registrations a = broker("broker-a", A).topic("t", 4).topic("u", 4);
        ns.routes().registerBroker(a.version(1).build());
        ns.routes().registerBroker(a.version(2).build());
        assertEquals(Perm.READ | Perm.WRITE, ns.route("t").queueDatas().get(0).perm());

        ns.routes().changeWritePerm("broker-a", false);
        ns.routes().registerBroker(a.version(3).build());
        assertEquals(Perm.READ | Perm.WRITE, ns.route("t").queueDatas().get(0).perm(), "as Apache: a new version rewrites perm");

        ns.routes().deleteTopic("u", null);
        ns.routes().registerBroker(a.version(3).build());
        assertNotNull(ns.route("u"), "a missing queue comes back even under the same version");
        ns.routes().deleteTopic("u", null);
        ns.routes().registerBroker(a.version(4).build());
        assertNotNull(ns.route("u"));

        ns.routes().registerTopic("t", List.of(new QueueData("broker-a", 1, 1, Perm.READ, 0)));
        ns.routes().registerBroker(a.version(5).build());
        assertEquals(4, ns.route("t").queueDatas().get(0).readQueueNums());

        ns.routes().brokerGone(new BrokerAddr("DefaultCluster", A));
        assertNull(ns.route("t"));
        ns.routes().registerBroker(a.version(5).build());
        assertEquals(4, ns.route("t").queueDatas().get(0).readQueueNums(), "back after it was gone, same version");

        ns.routes().registerBroker(broker("broker-a", A).version(6).topic("t", 2).topic("u", 4).build());
        assertEquals(2, ns.route("t").queueDatas().get(0).readQueueNums(), "a changed list is applied");
    }

    @Test
    void aListWithSomeTopicsChangedUpdatesThoseAndKeepsTheRest() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 4).topic("u", 4).topic("v", 4).build());
        ns.routes().registerBroker(broker("broker-a", A).version(2).topic("t", 4).topic("u", 4).topic("v", 4).build());

        ns.routes().registerBroker(broker("broker-a", A).version(3).topic("t", 4).topic("u", 2, Perm.READ).topic("v", 4).build());
        assertEquals(new QueueData("broker-a", 2, 2, Perm.READ, 0), ns.route("u").queueDatas().get(0));
        assertEquals(4, ns.route("t").queueDatas().get(0).readQueueNums());
        assertEquals(Perm.READ | Perm.WRITE, ns.route("v").queueDatas().get(0).perm());

        ns.routes().registerBroker(broker("broker-a", A).version(3).topic("t", 8).topic("u", 2, Perm.READ).topic("v", 4).build());
        assertEquals(4, ns.route("t").queueDatas().get(0).readQueueNums(), "as Apache: the same version changes no queue");

        ns.routes().registerBroker(broker("broker-a", A).version(4).topic("t", 8).topic("u", 2, Perm.READ).topic("v", 4).build());
        assertEquals(8, ns.route("t").queueDatas().get(0).readQueueNums());
        assertEquals(2, ns.route("u").queueDatas().get(0).readQueueNums());

        ns.routes().changeWritePerm("broker-a", false);
        ns.routes().registerBroker(broker("broker-a", A).version(5).topic("t", 8).topic("u", 2, Perm.READ).topic("v", 1).build());
        assertEquals(Perm.READ | Perm.WRITE, ns.route("t").queueDatas().get(0).perm(), "a new version rewrites every queue's perm");
        assertEquals(1, ns.route("v").queueDatas().get(0).readQueueNums());

        ns.routes().registerBroker(broker("broker-a", A).version(6).topic("u", 2, Perm.READ).topic("t", 8).topic("w", 1).build());
        assertEquals(1, ns.route("w").queueDatas().get(0).readQueueNums(), "a list in another order is applied whole");
        assertEquals(8, ns.route("t").queueDatas().get(0).readQueueNums());
    }

    @Test
    void aTopicIsDeletedEverywhereOrFromOneCluster() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).cluster("c1").topic("t", 4).topic("u", 4).build());
        ns.routes().registerBroker(broker("broker-b", B).cluster("c2").topic("t", 4).topic("u", 4).build());

        ns.routes().deleteTopic("t", "c1");
        assertEquals(List.of("broker-b"), ns.route("t").queueDatas().stream().map(QueueData::brokerName).toList());
        ns.routes().deleteTopic("u", null);
        assertNull(ns.route("u"));
        ns.routes().deleteTopic("t", "c2");
        assertNull(ns.route("t"));
        ns.routes().deleteTopic("absent", "c1");
        assertEquals(Set.of("broker-a", "broker-b"), ns.routes().clusterInfo().brokerAddrTable().keySet());
    }

    @Test
    void anAdminRegisteredTopicNeedsRegisteredBrokers() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());

        assertTrue(ns.routes().registerTopic("admin-topic", List.of(new QueueData("broker-a", 2, 2, 6, 0))));
        assertEquals(2, ns.route("admin-topic").queueDatas().get(0).readQueueNums());
        assertTrue(!ns.routes().registerTopic("other", List.of(new QueueData("broker-x", 2, 2, 6, 0))));
        assertNull(ns.route("other"));
    }

    @Test
    void topicListsByClusterSystemAndUnitFlags() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).cluster("c1").topic("t", 4).build());
        ns.routes().registerBroker(broker("broker-b", B).cluster("c2").topic("u", 4).build());
        ns.routes().registerTopic("unit", List.of(new QueueData("broker-a", 1, 1, 6, 0x1)));
        ns.routes().registerTopic("unit-sub", List.of(new QueueData("broker-a", 1, 1, 6, 0x2)));
        ns.routes().registerTopic("both", List.of(new QueueData("broker-a", 1, 1, 6, 0x3)));
        var image = ns.routes().image();

        assertEquals(Set.of("t", "u", "broker-a", "broker-b", "unit", "unit-sub", "both"), TopicLists.all(image));
        assertEquals(Set.of("t", "broker-a", "unit", "unit-sub", "both"), TopicLists.ofCluster(image, "c1"));
        assertEquals(Set.of(), TopicLists.ofCluster(image, "nope"));
        assertEquals(Set.of("c1", "c2", "broker-a", "broker-b"), TopicLists.system(image));
        assertTrue(Set.of(A, B).contains(TopicLists.anyBrokerAddr(image)));
        assertEquals(Set.of("unit", "both"), TopicLists.unit(image));
        assertEquals(Set.of("unit-sub", "both"), TopicLists.hasUnitSub(image));
        assertEquals(Set.of("unit-sub"), TopicLists.hasUnitSubNotUnit(image));
    }

    @Test
    void aStaticTopicsRouteCarriesEachBrokersQueueMapping() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).staticTopic("static", 4, 0, 1).build());
        ns.routes().registerBroker(broker("broker-b", B).staticTopic("static", 4, 2, 3).build());

        Map<String, TopicQueueMapping> mappings = ns.route("static").topicQueueMappingByBroker();
        assertEquals(Set.of("broker-a", "broker-b"), mappings.keySet());
        assertEquals(Map.of(2, 0, 3, 1), mappings.get("broker-b").currIdMap());
        assertNull(ns.route("broker-a").topicQueueMappingByBroker(), "an ordinary topic has none");

        ns.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", B, "broker-b", 0)));
        assertEquals(Set.of("broker-a"), ns.route("static").topicQueueMappingByBroker().keySet());
    }

    @Test
    void membersAreToldWhenTheLowestBrokerIdChanges() {
        NameServer ns = start(Map.of(NamesrvConfig.NOTIFY_MIN_BROKER_ID_CHANGED.name(), "true"));
        List<MinBrokerIdChange> changes = new java.util.ArrayList<>();
        ns.routes().onMinBrokerIdChanged(changes::add);
        ns.routes().registerBroker(broker("broker-a", A_SLAVE).id(1).actingMaster(true).topic("t", 4).build());
        ns.routes().registerBroker(broker("broker-a", A).actingMaster(true).haServerAddr("127.0.0.1:10912")
            .topic("t", 4).build());

        assertEquals(1, changes.size(), "the master joined below the slave");
        MinBrokerIdChange joined = changes.get(0);
        assertEquals(0L, joined.minBrokerId());
        assertEquals(A, joined.minBrokerAddr());
        assertEquals("127.0.0.1:10912", joined.haBrokerAddr());
        assertEquals(Map.of(1L, A_SLAVE), joined.recipients(), "the others are told");

        ns.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", A, "broker-a", 0)));
        MinBrokerIdChange left = changes.get(1);
        assertEquals(A, left.offlineBrokerAddr());
        assertEquals(1L, left.minBrokerId());
        assertEquals(Map.of(1L, A_SLAVE), left.recipients());
    }

    @Test
    void noOneIsToldUnlessConfigured() {
        NameServer ns = start();
        List<MinBrokerIdChange> changes = new java.util.ArrayList<>();
        ns.routes().onMinBrokerIdChanged(changes::add);
        ns.routes().registerBroker(broker("broker-a", A_SLAVE).id(1).actingMaster(true).topic("t", 4).build());
        ns.routes().registerBroker(broker("broker-a", A).actingMaster(true).topic("t", 4).build());
        assertTrue(changes.isEmpty());
    }

    /** The route as a cached, encoded body: here the record's text, enough to see what the route said. */
    private static String cached(NameServer ns, String topic) {
        byte[] body = ns.encodedRoute(topic, 0, route -> route.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return body == null ? null : new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theCachedRouteFollowsEveryWritePath() {
        NameServer ns = start(Map.of(NamesrvConfig.ORDER_MESSAGE_ENABLE.name(), "true"));
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 8).build());
        String before = cached(ns, "t");
        assertEquals(ns.route("t").toString(), before);

        ns.routes().registerBroker(broker("broker-a", A).version(2).topic("t", 4).build());
        assertEquals(ns.route("t").toString(), cached(ns, "t"), "a new data version");
        ns.routes().registerBroker(broker("broker-b", B).topic("t", 2).build());
        assertEquals(ns.route("t").toString(), cached(ns, "t"), "a second broker");
        ns.routes().registerBroker(broker("broker-a", A_SLAVE).id(1).version(2).topic("t", 4).build());
        assertEquals(ns.route("t").toString(), cached(ns, "t"), "a slave joins the group");
        ns.routes().changeWritePerm("broker-a", false);
        assertEquals(ns.route("t").toString(), cached(ns, "t"), "write permission wiped");
        ns.kvConfig().put(KvConfigManager.NAMESPACE_ORDER_TOPIC_CONFIG, "t", "broker-a:4");
        assertTrue(cached(ns, "t").contains("broker-a:4"), "the order config joins the route");
        ns.kvConfig().delete(KvConfigManager.NAMESPACE_ORDER_TOPIC_CONFIG, "t");
        assertEquals(ns.route("t").toString(), cached(ns, "t"), "the order config leaves it");
        ns.kvConfig().put(KvConfigManager.NAMESPACE_ORDER_TOPIC_CONFIG, "t", "broker-a:4");
        ns.updateConfig(Map.of(NamesrvConfig.ORDER_MESSAGE_ENABLE.name(), "false"));
        assertEquals(ns.route("t").toString(), cached(ns, "t"), "a config switch");
        ns.routes().updateFilterServers(new BrokerAddr("DefaultCluster", A), List.of("127.0.0.1:30000"));
        assertTrue(cached(ns, "t").contains("127.0.0.1:30000"), "filter servers");
        ns.routes().registerTopic("t", List.of(new QueueData("broker-b", 3, 3, 6, 0)));
        assertEquals(ns.route("t").toString(), cached(ns, "t"), "an admin registered queue");
        ns.routes().deleteTopic("t", null);
        assertNull(cached(ns, "t"), "a deleted topic");

        ns.routes().registerBroker(broker("broker-a", A).version(3).topic("u", 4).build());
        assertNotNull(cached(ns, "u"));
        ns.routes().brokerGone(new BrokerAddr("DefaultCluster", A));
        assertEquals(ns.route("u") == null ? null : ns.route("u").toString(), cached(ns, "u"), "a closed connection");
    }

    @Test
    void aHeartbeatOrUnchangedRegistrationKeepsTheCachedBody() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 8).build());
        byte[] first = ns.encodedRoute("t", 1, route -> route.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ns.routes().heartbeat(new BrokerAddr("DefaultCluster", A));
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 8).build());
        byte[] again = ns.encodedRoute("t", 1, route -> {
            throw new AssertionError("nothing changed: the route must not be encoded again");
        });
        assertSame(first, again);
    }

    @Test
    void expiryAndUnregistrationReachTheCache() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 8).build());
        ns.routes().registerBroker(broker("broker-b", B).timeoutMillis(5_000).topic("t", 8).build());
        assertTrue(cached(ns, "t").contains("broker-b"));
        clock.advance(Duration.ofSeconds(6));
        ns.routes().expireSilentBrokers();
        assertTrue(!cached(ns, "t").contains("broker-b"), "expired");
        ns.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", A, "broker-a", 0)));
        assertNull(cached(ns, "t"), "unregistered");
    }

    @Test
    void readersRacingWritersNeverKeepAnOldRoute() throws Exception {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).version(1).topic("t", 1).build());
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            while (writing.get()) {
                cached(ns, "t");
            }
        });
        reader.start();
        try {
            for (int queues = 2; queues <= 300; queues++) {
                ns.routes().registerBroker(broker("broker-a", A).version(queues).topic("t", queues).build());
                assertEquals(ns.route("t").toString(), cached(ns, "t"), "after the write of " + queues + " queues");
            }
        } finally {
            writing.set(false);
            reader.join(10_000);
        }
    }

    @Test
    void aFailingStoreCostsTheRoutesNothingAndCatchesUpWithTheMemory() throws Exception {
        NameServer ns = start(Map.of(NamesrvConfig.STORE_WRITE_TIMEOUT_MILLIS.name(), "200"));
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());
        ns.routes().registerBroker(broker("broker-b", B).topic("gone-with-b", 4).build());
        ns.kvConfig().put("ns", "k", "v");
        failing.failing = true;

        ns.routes().registerBroker(broker("broker-c", C).topic("u", 4).build());
        assertEquals(4, ns.route("u").queueDatas().get(0).writeQueueNums(), "decided in memory");
        assertTrue(ns.storeWriter().status().behind());
        ns.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", B, "broker-b", 0)));
        assertNull(ns.route("gone-with-b"));
        assertThrows(StoreUnavailableException.class, () -> ns.kvConfig().put("ns", "k2", "v2"));
        assertThrows(StoreUnavailableException.class, () -> ns.kvConfig().delete("ns", "k"));
        assertNull(ns.kvConfig().get("ns", "k2"));
        assertEquals("v", ns.kvConfig().get("ns", "k"));

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(60));
            ns.routes().heartbeat(new BrokerAddr("DefaultCluster", A));
            ns.routes().heartbeat(new BrokerAddr("DefaultCluster", C));
            assertTrue(ns.routes().expireSilentBrokers().isEmpty(), "heard from, whatever the store");
        }

        failing.failing = false;
        awaitStoreInStep(ns);
        assertStoreHoldsTheMemory(ns);
        ns.kvConfig().put("ns", "k2", "v2");
        assertEquals(Map.of("ns", Map.of("k", "v", "k2", "v2")), failing.delegate.loadKvConfig());
    }

    @Test
    @Timeout(30)
    void aStoreThatDoesNotAnswerHoldsNoWriterPastTheDeadline() throws Exception {
        NameServer ns = start(Map.of(NamesrvConfig.STORE_WRITE_TIMEOUT_MILLIS.name(), "200"));
        ns.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());
        CountDownLatch answer = new CountDownLatch(1);
        failing.hangUntil = answer;
        try {
            // the store never answers until released: returning at all proves nothing waited on it
            assertThrows(StoreUnavailableException.class, () -> ns.kvConfig().put("ns", "late", "refused"));
            ns.routes().registerBroker(broker("broker-c", C).topic("u", 4).build());
            assertNotNull(ns.route("u"));
            ns.routes().heartbeat(new BrokerAddr("DefaultCluster", A));
            assertTrue(ns.storeWriter().status().behind());
        } finally {
            failing.hangUntil = null;
            answer.countDown();
        }
        awaitStoreInStep(ns);
        assertStoreHoldsTheMemory(ns);
        assertNull(failing.delegate.loadKvConfig().getOrDefault("ns", Map.of()).get("late"),
            "the refused write landed late and the catch-up took it back out");
    }

    private static void awaitStoreInStep(NameServer ns) throws InterruptedException {
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (ns.storeWriter().status().behind()) {
            assertTrue(System.nanoTime() < giveUpAt, "the store did not catch up: " + ns.storeWriter().status());
            Thread.sleep(20);
        }
    }

    private void assertStoreHoldsTheMemory(NameServer ns) {
        StoredRoutes stored = failing.delegate.loadRoutes();
        RouteImage image = ns.routes().image();
        assertEquals(new HashMap<>(image.clusters()), new HashMap<>(stored.clusters()));
        assertEquals(new HashMap<>(image.brokers()), new HashMap<>(stored.brokers()));
        assertEquals(copyOf(image.topicQueues()), copyOf(stored.topicQueues()));
        assertEquals(new HashMap<>(ns.routes().liveTable()), new HashMap<>(stored.live()));
    }

    private static Map<String, Map<String, QueueData>> copyOf(Map<String, Map<String, QueueData>> topicQueues) {
        Map<String, Map<String, QueueData>> copy = new HashMap<>();
        topicQueues.forEach((topic, queues) -> copy.put(topic, new HashMap<>(queues)));
        return copy;
    }

    @Test
    void tenThousandTopicsInOneRegistration() {
        NameServer ns = start();
        ns.routes().registerBroker(broker("broker-a", A).topics("topic-", 10_000, 8).build());
        assertEquals(10_001, ns.routes().image().topicQueues().size());
        assertEquals(8, ns.route("topic-9999").queueDatas().get(0).readQueueNums());
        ns.routes().brokerGone(new BrokerAddr("DefaultCluster", A));
        assertTrue(ns.routes().image().topicQueues().isEmpty());
    }

    @Test
    void aRestartedServerHasItsRoutesAndExpiresSilentBrokersFromTheirLastHeartbeat() {
        NameServer first = start();
        assumeTrue(RouteStores.byName(storeType(), getClass().getClassLoader()).durable());
        first.routes().registerBroker(broker("broker-a", A).topic("t", 4).build());
        first.kvConfig().put("ns", "k", "v");
        clock.advance(Duration.ofSeconds(60));
        first.routes().heartbeat(new BrokerAddr("DefaultCluster", A));
        first.close();

        NameServer second = start();
        assertNotNull(second.route("t"));
        assertEquals("v", second.kvConfig().get("ns", "k"));
        clock.advance(Duration.ofSeconds(110));
        assertTrue(second.routes().expireSilentBrokers().isEmpty(), "silent for 110 s since the heartbeat");
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, second.routes().expireSilentBrokers().size());
        assertNull(second.route("t"));
    }

    /** Passes everything to the real store, and refuses writes or holds them, on demand. */
    private static final class FailingStore implements RouteStore {
        RouteStore delegate;
        volatile boolean failing;
        volatile CountDownLatch hangUntil;

        private void check() {
            CountDownLatch hang = hangUntil;
            if (hang != null) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while hanging (test)");
                }
            }
            if (failing) {
                throw new StoreException("store unavailable (test)");
            }
        }

        @Override
        public StoredRoutes loadRoutes() {
            return delegate.loadRoutes();
        }

        @Override
        public void apply(RouteChange change) {
            check();
            delegate.apply(change);
        }

        @Override
        public void putLive(BrokerAddr addr, io.namesrv.api.model.BrokerLiveInfo info) {
            check();
            delegate.putLive(addr, info);
        }

        @Override
        public Map<String, Map<String, String>> loadKvConfig() {
            return delegate.loadKvConfig();
        }

        @Override
        public void putKvConfig(String namespace, String key, String value) {
            check();
            delegate.putKvConfig(namespace, key, value);
        }

        @Override
        public void deleteKvConfig(String namespace, String key) {
            check();
            delegate.deleteKvConfig(namespace, key);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
