package io.namesrv.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.Teardown;
import io.namesrv.dist.support.NameServerUnderTest;
import io.namesrv.dist.support.NameServers;
import io.namesrv.dist.support.RocketClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The name server under test (see {@link NameServers}; ours by default, Apache's 5.4.0 with -Dit.namesrv=apache) against a real
 * Apache RocketMQ 5.4.0 broker, producer, push consumer and admin tool, each broker in its own JVM.
 *
 * <p>Tests 1-4 share one name server and one broker; tests 5 and 6 start their own brokers (in
 * their own clusters) against the same name server, which scans for silent brokers every second.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealBrokerEndToEndIT {

    private static final String CLUSTER = "ItCluster";
    private static final String BROKER = "it-broker-a";
    /** Name server expiry scan period; 5 s by default in 5.x. */
    private static final String SCAN_INTERVAL_MILLIS = "1000";
    /** What the expiry test's broker asks for as heartbeatTimeoutMillis (brokerNotActiveTimeoutMillis). */
    private static final long HEARTBEAT_TIMEOUT_MILLIS = 4000;

    private static NameServerUnderTest namesrv;
    private static BrokerProcess broker;
    private static RocketClients clients;
    private static DefaultMQAdminExt admin;

    @BeforeAll
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    static void startNameServerAndBroker() {
        long t0 = System.nanoTime();
        namesrv = NameServers.start(ItDirs.newDir("namesrv"), Map.of("scanNotActiveBrokerInterval", SCAN_INTERVAL_MILLIS));
        log("started " + namesrv.describe() + " in " + millisSince(t0) + " ms");
        clients = new RocketClients(namesrv.address());
        admin = clients.admin();
        long t1 = System.nanoTime();
        broker = BrokerProcess.builder(namesrv.address()).cluster(CLUSTER).brokerName(BROKER).start();
        log("started and registered " + broker + " in " + millisSince(t1) + " ms");
    }

    @AfterAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void stopAll() throws Exception {
        Teardown.closeAll(clients, Teardown.killing(broker), namesrv);
    }

    @Test
    @Order(1)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void brokerRegistersAndShowsInClusterInfo() throws Exception {
        ClusterInfo info = admin.examineBrokerClusterInfo();

        assertNotNull(info.getClusterAddrTable().get(CLUSTER), "cluster " + CLUSTER + " in " + info.getClusterAddrTable());
        assertTrue(info.getClusterAddrTable().get(CLUSTER).contains(BROKER), "broker name under its cluster");
        BrokerData data = info.getBrokerAddrTable().get(BROKER);
        assertNotNull(data, "broker data for " + BROKER + " in " + info.getBrokerAddrTable());
        assertEquals(CLUSTER, data.getCluster());
        assertEquals(BROKER, data.getBrokerName());
        assertEquals(Map.of(0L, broker.address()), data.getBrokerAddrs());
    }

    @Test
    @Order(2)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void topicCreatedOnBrokerGetsRoute() throws Exception {
        String topic = RocketClients.unique("it_route");
        admin.createAndUpdateTopicConfig(broker.address(), new TopicConfig(topic, 4, 4, PermName.PERM_READ | PermName.PERM_WRITE));
        String readOnly = RocketClients.unique("it_route_ro");
        admin.createAndUpdateTopicConfig(broker.address(), new TopicConfig(readOnly, 2, 3, PermName.PERM_READ));

        assertSingleBrokerRoute(awaitRoute(topic), 4, 4, PermName.PERM_READ | PermName.PERM_WRITE);
        assertSingleBrokerRoute(awaitRoute(readOnly), 2, 3, PermName.PERM_READ);

        MQClientException missing = assertThrows(MQClientException.class,
            () -> admin.examineTopicRouteInfo(RocketClients.unique("it_no_such_topic")));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, missing.getResponseCode());
    }

    @Test
    @Order(3)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void producerSendsAndConsumerReceivesThousandMessages() throws Exception {
        int count = 1000;
        String topic = RocketClients.unique("it_messages");
        admin.createAndUpdateTopicConfig(broker.address(), new TopicConfig(topic, 4, 4, PermName.PERM_READ | PermName.PERM_WRITE));
        awaitRoute(topic);

        DefaultMQProducer producer = clients.producer(RocketClients.unique("it_pg"));
        Set<String> sentKeys = new HashSet<>();
        Set<Integer> queuesUsed = new HashSet<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String key = "key-" + i;
            Message message = new Message(topic, "tag", key, ("body-" + i).getBytes(StandardCharsets.UTF_8));
            SendResult result = producer.send(message);
            assertEquals(SendStatus.SEND_OK, result.getSendStatus(), "send " + i + ": " + result);
            assertEquals(broker.brokerName(), result.getMessageQueue().getBrokerName());
            queuesUsed.add(result.getMessageQueue().getQueueId());
            sentKeys.add(key);
        }
        log("sent " + count + " messages in " + millisSince(t0) + " ms over queues " + queuesUsed);
        assertEquals(Set.of(0, 1, 2, 3), queuesUsed, "the producer spreads over the 4 routed write queues");

        Map<String, String> received = new ConcurrentHashMap<>();
        long t1 = System.nanoTime();
        clients.pushConsumer(RocketClients.unique("it_cg"), topic, (msgs, context) -> {
            for (MessageExt msg : msgs) {
                received.put(msg.getKeys(), new String(msg.getBody(), StandardCharsets.UTF_8));
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        Await.condition("all " + count + " messages consumed (have " + received.size() + ")", Duration.ofSeconds(90),
            () -> received.size() >= count);
        log("consumed " + received.size() + " messages in " + millisSince(t1) + " ms");

        assertEquals(sentKeys, received.keySet());
        received.forEach((key, body) -> assertEquals("body-" + key.substring("key-".length()), body));
    }

    @Test
    @Order(4)
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void kvConfigRoundTripsThroughTheAdminApi() throws Exception {
        String namespace = RocketClients.unique("IT_NS");
        // putKVConfig is a no-op in Apache's admin tool; createAndUpdateKvConfig sends PUT_KV_CONFIG.
        admin.createAndUpdateKvConfig(namespace, "k1", "v1");
        admin.createAndUpdateKvConfig(namespace, "k2", "v2");
        assertEquals("v1", admin.getKVConfig(namespace, "k1"));
        assertEquals(Map.of("k1", "v1", "k2", "v2"), new HashMap<>(admin.getKVListByNamespace(namespace).getTable()));

        admin.createAndUpdateKvConfig(namespace, "k1", "v1-updated");
        assertEquals("v1-updated", admin.getKVConfig(namespace, "k1"));

        admin.deleteKvConfig(namespace, "k1");
        MQClientException gone = assertThrows(MQClientException.class, () -> admin.getKVConfig(namespace, "k1"));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, gone.getResponseCode());
        assertEquals(Map.of("k2", "v2"), new HashMap<>(admin.getKVListByNamespace(namespace).getTable()));

        MQClientException noNamespace = assertThrows(MQClientException.class,
            () -> admin.getKVListByNamespace(RocketClients.unique("IT_NO_NS")));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, noNamespace.getResponseCode());
        MQClientException noKey = assertThrows(MQClientException.class, () -> admin.getKVConfig(namespace, "never-set"));
        assertEquals(ResponseCode.QUERY_NOT_FOUND, noKey.getResponseCode());
    }

    @Test
    @Order(5)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void stoppedBrokerLeavesRouteAndClusterInfo() throws Exception {
        try (BrokerProcess stopping = BrokerProcess.builder(namesrv.address())
            .cluster("ItStopCluster").brokerName("it-broker-stop").start()) {
            String topic = RocketClients.unique("it_stop");
            admin.createAndUpdateTopicConfig(stopping.address(), new TopicConfig(topic, 2, 2, PermName.PERM_READ | PermName.PERM_WRITE));
            assertEquals(stopping.address(), awaitRoute(topic).getBrokerDatas().get(0).getBrokerAddrs().get(0L));

            long t0 = System.nanoTime();
            stopping.terminate(); // SIGTERM: the broker's shutdown hook sends UNREGISTER_BROKER first

            // Expiry would take 120 s here (no heartbeatTimeoutMillis sent): only unregistration
            // or the closed connection can remove the broker this fast.
            awaitGone(stopping, topic, Duration.ofSeconds(30));
            log(stopping + " gone from cluster info and route " + millisSince(t0) + " ms after SIGTERM");

            // The rest of a 5.4.0 broker's graceful shutdown takes ~10 s and is not under test.
            stopping.kill();
        }
        assertTrue(broker.isListedIn(admin.examineBrokerClusterInfo()), "the shared broker is still registered");
    }

    /**
     * A broker that stops heartbeating is expired. With {@code enableSlaveActingMaster=true} the
     * broker sends {@code heartbeatTimeoutMillis} (its {@code brokerNotActiveTimeoutMillis}) in
     * REGISTER_BROKER and heartbeats every second: BROKER_HEARTBEAT, or QUERY_DATA_VERSION when
     * {@code compatibleWithOldNameSrv} (the default).
     */
    @ParameterizedTest(name = "compatibleWithOldNameSrv={0}")
    @ValueSource(booleans = {false, true})
    @Order(6)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void frozenBrokerIsExpired(boolean compatibleWithOldNameSrv) throws Exception {
        String name = "it-broker-frozen-" + (compatibleWithOldNameSrv ? "qdv" : "hb");
        try (BrokerProcess frozen = BrokerProcess.builder(namesrv.address())
            .cluster("ItExpiryCluster").brokerName(name)
            .config("enableSlaveActingMaster", "true")
            .config("brokerNotActiveTimeoutMillis", Long.toString(HEARTBEAT_TIMEOUT_MILLIS))
            .config("brokerHeartbeatInterval", "1000")
            .config("compatibleWithOldNameSrv", Boolean.toString(compatibleWithOldNameSrv))
            .start()) {
            String topic = RocketClients.unique("it_frozen");
            admin.createAndUpdateTopicConfig(frozen.address(), new TopicConfig(topic, 2, 2, PermName.PERM_READ | PermName.PERM_WRITE));
            awaitRoute(topic);

            // Alive and heartbeating: stays registered for twice its timeout. (Periodic
            // re-registration runs every 30 s, so within this window only heartbeats keep it.)
            Await.holdsFor(frozen + " stays registered while heartbeating", Duration.ofMillis(2 * HEARTBEAT_TIMEOUT_MILLIS),
                Duration.ofMillis(500), () -> frozen.isListedIn(admin.examineBrokerClusterInfo()));

            frozen.suspend(); // SIGSTOP: the TCP connection stays open, so only expiry can remove it
            long t0 = System.nanoTime();
            try {
                awaitGone(frozen, topic, Duration.ofSeconds(30));
                long took = millisSince(t0);
                log(frozen + " expired " + took + " ms after SIGSTOP (timeout " + HEARTBEAT_TIMEOUT_MILLIS
                    + " ms, scan every " + SCAN_INTERVAL_MILLIS + " ms)");
                assertTrue(frozen.jvm().isAlive(), "the frozen broker process is still there");
            } finally {
                frozen.resume();
                frozen.kill(); // its graceful shutdown is not under test here
            }
        }
        assertTrue(broker.isListedIn(admin.examineBrokerClusterInfo()), "the shared broker is still registered");
    }

    // ---------------------------------------------------------------------------------------------

    /** Polls until the name server has a route for {@code topic} with at least one queue data. */
    private static TopicRouteData awaitRoute(String topic) {
        return Await.until("a route for " + topic, Duration.ofSeconds(30),
            () -> admin.examineTopicRouteInfo(topic),
            route -> route != null && route.getQueueDatas() != null && !route.getQueueDatas().isEmpty());
    }

    private static void assertSingleBrokerRoute(TopicRouteData route, int read, int write, int perm) {
        assertEquals(1, route.getQueueDatas().size(), "queue datas " + route.getQueueDatas());
        QueueData queue = route.getQueueDatas().get(0);
        assertEquals(BROKER, queue.getBrokerName());
        assertEquals(read, queue.getReadQueueNums(), "readQueueNums");
        assertEquals(write, queue.getWriteQueueNums(), "writeQueueNums");
        assertEquals(perm, queue.getPerm(), "perm");
        assertEquals(0, queue.getTopicSysFlag(), "topicSysFlag");

        assertEquals(1, route.getBrokerDatas().size(), "broker datas " + route.getBrokerDatas());
        BrokerData data = route.getBrokerDatas().get(0);
        assertEquals(CLUSTER, data.getCluster());
        assertEquals(BROKER, data.getBrokerName());
        assertEquals(Map.of(0L, broker.address()), data.getBrokerAddrs());
    }

    /**
     * Polls until {@code gone} is in neither the cluster info (broker table, its cluster's broker
     * names) nor the route of {@code topic} (TOPIC_NOT_EXIST: it was the topic's only broker).
     */
    private static void awaitGone(BrokerProcess gone, String topic, Duration timeout) throws Exception {
        Await.condition(gone + " removed from the cluster info", timeout, () -> {
            ClusterInfo info = admin.examineBrokerClusterInfo();
            Set<String> names = info.getClusterAddrTable().get(gone.clusterName());
            return !info.getBrokerAddrTable().containsKey(gone.brokerName())
                && (names == null || !names.contains(gone.brokerName()));
        });
        Await.condition("the route of " + topic + " gone with " + gone, timeout, () -> {
            try {
                TopicRouteData route = admin.examineTopicRouteInfo(topic);
                return route.getQueueDatas() == null || route.getQueueDatas().isEmpty();
            } catch (MQClientException e) {
                if (e.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST) {
                    return true;
                }
                throw e;
            }
        });
        assertFalse(gone.isListedIn(admin.examineBrokerClusterInfo()));
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static void log(String message) {
        System.out.println("[RealBrokerEndToEndIT] " + message);
    }
}
