package io.namesrv.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ConfigFiles;
import io.namesrv.dist.support.FreePorts;
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
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.auth.config.AuthConfig;
import org.apache.rocketmq.broker.out.BrokerOuterAPI;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.BrokerIdentity;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.HARuntimeInfo;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.namesrv.RegisterBrokerResult;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A master/slave broker group against the name server under test (see {@link NameServers}): a real
 * Apache RocketMQ 5.4.0 master (brokerId 0, ASYNC_MASTER) and slave (brokerId 1, SLAVE) of one
 * brokerName, each in its own JVM, neither told the other's address. Only the name server's
 * REGISTER_BROKER answer (masterAddr, haServerAddr) can connect the slave to its master.
 *
 * <ol>
 *   <li>The route of a topic created on the master and the cluster info list both members.</li>
 *   <li>A slave registering (the broker's own {@link BrokerOuterAPI#registerBrokerAll}) is told the
 *       master's address and HA address; the real slave replicates the master's commit log over
 *       that HA address.</li>
 *   <li>SIGKILL of the master: the group's route and cluster info shrink to the slave at once (the
 *       connection closes), and the replicated messages are read from the slave alone.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MasterSlaveIT {

    private static final String CLUSTER = "MsCluster";
    private static final String BROKER = "ms-broker-a";
    private static final int QUEUES = 4;
    private static final int MESSAGES = 100;

    private static NameServerUnderTest namesrv;
    private static BrokerProcess master;
    private static BrokerProcess slave;
    private static RocketClients clients;
    private static DefaultMQAdminExt admin;
    /** The topic created on the master (and, for reads after failover, on the slave). */
    private static String topic;
    /** Keys of the messages sent to the master in test 2. */
    private static final Set<String> sentKeys = new HashSet<>();

    @BeforeAll
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    static void startNameServerMasterAndSlave() {
        long t0 = System.nanoTime();
        namesrv = NameServers.start(ItDirs.newDir("namesrv"), Map.of("scanNotActiveBrokerInterval", "1000"));
        log("started " + namesrv.describe() + " in " + millisSince(t0) + " ms");
        clients = new RocketClients(namesrv.address());
        admin = clients.admin();

        long t1 = System.nanoTime();
        // BrokerProcess sets brokerIP1 = brokerIP2 = 127.0.0.1; haListenPort is left at 0, so
        // BrokerStartup makes it listenPort + 1 and the master registers 127.0.0.1:<listenPort + 1>.
        master = BrokerProcess.builder(namesrv.address()).cluster(CLUSTER).brokerName(BROKER).start();
        log("started and registered master " + master + " in " + millisSince(t1) + " ms");

        long t2 = System.nanoTime();
        slave = BrokerProcess.builder(namesrv.address()).cluster(CLUSTER).brokerName(BROKER)
            .config("brokerId", "1")
            .config("brokerRole", "SLAVE")
            // without it a 5.4.0 slave rejects every pull (PullMessageProcessor.rejectRequest)
            .config("slaveReadEnable", "true")
            // no haMasterAddress: the slave takes it from the name server's REGISTER_BROKER answer
            .awaitRegistration(false) // BrokerProcess#isListedIn looks for brokerId 0
            .start();
        Await.until(slave + " listed as brokerId 1 in the cluster info", Duration.ofSeconds(60),
            () -> {
                slave.jvm().assertAlive();
                return admin.examineBrokerClusterInfo();
            },
            info -> slave.address().equals(addrsOf(info).get(1L)));
        log("started and registered slave " + slave + " in " + millisSince(t2) + " ms");
    }

    @AfterAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void stopAll() throws Exception {
        Teardown.closeAll(clients, Teardown.killing(slave), Teardown.killing(master), namesrv);
    }

    @Test
    @Order(1)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void routeAndClusterInfoListMasterAndSlave() throws Exception {
        topic = RocketClients.unique("it_ms");
        TopicConfig config = new TopicConfig(topic, QUEUES, QUEUES, PermName.PERM_READ | PermName.PERM_WRITE);
        admin.createAndUpdateTopicConfig(master.address(), config);
        // A slave copies its master's topic configs only every 60 s (SlaveSynchronize); the reads
        // from the slave in test 3 need it now. Created on a slave, the topic does not change the
        // route: the name server takes queue data from the master (or the prime slave) only.
        admin.createAndUpdateTopicConfig(slave.address(), config);

        Map<Long, String> both = Map.of(0L, master.address(), 1L, slave.address());
        TopicRouteData route = Await.until("a route for " + topic + " with master and slave", Duration.ofSeconds(30),
            () -> admin.examineTopicRouteInfo(topic),
            r -> r != null && !r.getQueueDatas().isEmpty() && r.getBrokerDatas().size() == 1
                && both.equals(r.getBrokerDatas().get(0).getBrokerAddrs()));
        assertEquals(1, route.getQueueDatas().size(), "queue datas " + route.getQueueDatas());
        assertEquals(BROKER, route.getQueueDatas().get(0).getBrokerName());
        assertEquals(QUEUES, route.getQueueDatas().get(0).getReadQueueNums());
        assertEquals(QUEUES, route.getQueueDatas().get(0).getWriteQueueNums());
        assertEquals(PermName.PERM_READ | PermName.PERM_WRITE, route.getQueueDatas().get(0).getPerm());
        BrokerData data = route.getBrokerDatas().get(0);
        assertEquals(CLUSTER, data.getCluster());
        assertEquals(BROKER, data.getBrokerName());

        ClusterInfo info = admin.examineBrokerClusterInfo();
        assertEquals(Set.of(BROKER), info.getClusterAddrTable().get(CLUSTER), "cluster " + info.getClusterAddrTable());
        BrokerData group = info.getBrokerAddrTable().get(BROKER);
        assertNotNull(group, "broker data in " + info.getBrokerAddrTable());
        assertEquals(CLUSTER, group.getCluster());
        assertEquals(both, group.getBrokerAddrs());
    }

    @Test
    @Order(2)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void slaveIsToldMasterAndHaAddressAndReplicates() throws Exception {
        String masterHa = "127.0.0.1:" + (master.port() + 1);
        assertTrue(ConfigFiles.accepts(master.port() + 1), "the master's HA service listens on " + masterHa);

        // 1. What the name server answers a slave's REGISTER_BROKER, via the broker's own code.
        int fakePort = FreePorts.block(0, 1);
        String fakeAddr = "127.0.0.1:" + fakePort;
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
        BrokerOuterAPI brokerApi = new BrokerOuterAPI(new NettyClientConfig(), new AuthConfig());
        try {
            brokerApi.start();
            brokerApi.updateNameServerAddressList(namesrv.address());
            TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
            DataVersion version = new DataVersion();
            version.nextVersion();
            wrapper.setDataVersion(version);
            wrapper.getTopicConfigTable().put(topic, new TopicConfig(topic, QUEUES, QUEUES, PermName.PERM_READ));
            wrapper.getTopicConfigTable().put(BROKER, new TopicConfig(BROKER, 1, 1, PermName.PERM_READ | PermName.PERM_INHERIT));
            BrokerIdentity identity = new BrokerIdentity(CLUSTER, BROKER, 2, false);
            List<RegisterBrokerResult> results = Await.until("a registration of slave 2 (" + fakeAddr + ")", Duration.ofSeconds(20),
                () -> brokerApi.registerBrokerAll(CLUSTER, fakeAddr, BROKER, 2, "127.0.0.1:" + (fakePort + 1), wrapper,
                    List.of(), false, 10_000, false, false, identity),
                r -> !r.isEmpty());
            assertEquals(1, results.size(), "one name server, one result: " + results);
            RegisterBrokerResult result = results.get(0);
            log("REGISTER_BROKER of a slave answered masterAddr=" + result.getMasterAddr()
                + " haServerAddr=" + result.getHaServerAddr());
            assertEquals(master.address(), result.getMasterAddr(), "masterAddr");
            assertEquals(masterHa, result.getHaServerAddr(), "haServerAddr");

            Map<Long, String> three = Map.of(0L, master.address(), 1L, slave.address(), 2L, fakeAddr);
            assertEquals(three, addrsOf(admin.examineBrokerClusterInfo()), "the group with slave 2");
            assertEquals(three, admin.examineTopicRouteInfo(topic).getBrokerDatas().get(0).getBrokerAddrs(),
                "the route's group with slave 2");

            brokerApi.unregisterBrokerAll(CLUSTER, fakeAddr, BROKER, 2);
        } finally {
            brokerApi.shutdown();
        }
        Map<Long, String> both = Map.of(0L, master.address(), 1L, slave.address());
        Await.until("slave 2 unregistered", Duration.ofSeconds(10),
            () -> addrsOf(admin.examineBrokerClusterInfo()), both::equals);

        // 2. The real slave got the same answer: its HA client follows the master's HA address.
        HARuntimeInfo slaveHa = Await.until(slave + "'s HA client connected to " + masterHa, Duration.ofSeconds(30),
            () -> admin.getBrokerHAStatus(slave.address()),
            ha -> !ha.isMaster() && masterHa.equals(ha.getHaClientRuntimeInfo().getMasterAddr()));
        log("slave HA client: masterAddr=" + slaveHa.getHaClientRuntimeInfo().getMasterAddr());

        // 3. ... and replicates over it: the slave's commit log catches up with the master's.
        DefaultMQProducer producer = clients.producer(RocketClients.unique("it_ms_pg"));
        for (int i = 0; i < MESSAGES; i++) {
            String key = "key-" + i;
            SendResult sent = producer.send(new Message(topic, "tag", key, ("body-" + i).getBytes(StandardCharsets.UTF_8)));
            assertEquals(SendStatus.SEND_OK, sent.getSendStatus(), "send " + i + ": " + sent);
            assertEquals(BROKER, sent.getMessageQueue().getBrokerName());
            sentKeys.add(key);
        }
        long masterMax = commitLogMaxOffset(master);
        assertTrue(masterMax > 0, "master commit log max offset " + masterMax);
        long t0 = System.nanoTime();
        Await.until(slave + " commit log caught up with the master's " + masterMax, Duration.ofSeconds(30),
            () -> commitLogMaxOffset(slave), offset -> offset >= masterMax);
        log("slave replicated " + MESSAGES + " messages (commit log offset " + masterMax + ") within "
            + millisSince(t0) + " ms");
        HARuntimeInfo masterHaInfo = admin.getBrokerHAStatus(master.address());
        assertTrue(masterHaInfo.isMaster(), "master HA status " + masterHaInfo);
        assertEquals(1, masterHaInfo.getHaConnectionInfo().size(), "HA connections " + masterHaInfo.getHaConnectionInfo());
    }

    @Test
    @Order(3)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    @SuppressWarnings("deprecation") // DefaultMQPullConsumer: the plainest way to read given queues and offsets
    void killedMasterLeavesTheSlaveAloneInRouteAndClusterInfo() throws Exception {
        String masterAddr = master.address();
        long t0 = System.nanoTime();
        master.kill(); // SIGKILL: no UNREGISTER_BROKER, only the closed connection tells the name server
        long killedAfter = millisSince(t0);

        Map<Long, String> slaveOnly = Map.of(1L, slave.address());
        // Expiry would take 120 s (no heartbeatTimeoutMillis registered): only the closed
        // connection can remove the master within this bound.
        Await.until("the route of " + topic + " with the slave only", Duration.ofSeconds(15),
            () -> admin.examineTopicRouteInfo(topic),
            r -> r.getBrokerDatas().size() == 1 && slaveOnly.equals(r.getBrokerDatas().get(0).getBrokerAddrs()));
        ClusterInfo info = Await.until("the cluster info with the slave only", Duration.ofSeconds(15),
            admin::examineBrokerClusterInfo, i -> slaveOnly.equals(addrsOf(i)));
        log("master gone from route and cluster info " + millisSince(t0) + " ms after SIGKILL (kill took "
            + killedAfter + " ms)");
        assertEquals(Set.of(BROKER), info.getClusterAddrTable().get(CLUSTER), "the group stays in its cluster");
        info.getBrokerAddrTable().values().forEach(data -> assertFalse(data.getBrokerAddrs().containsValue(masterAddr),
            "master address still listed in " + data));
        TopicRouteData route = admin.examineTopicRouteInfo(topic);
        assertEquals(1, route.getQueueDatas().size(), "the group's queue data stays: " + route.getQueueDatas());
        assertEquals(QUEUES, route.getQueueDatas().get(0).getReadQueueNums());

        // Everything sent to the master is read from the slave, the only address the route has.
        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer(RocketClients.unique("it_ms_cg"));
        consumer.setNamesrvAddr(namesrv.address());
        consumer.setInstanceName(RocketClients.unique("it_ms_pull"));
        consumer.start();
        try {
            Set<MessageQueue> queues = consumer.fetchSubscribeMessageQueues(topic);
            assertEquals(QUEUES, queues.size(), "queues " + queues);
            Map<String, String> received = new HashMap<>();
            Map<MessageQueue, Long> next = new HashMap<>();
            queues.forEach(mq -> next.put(mq, 0L));
            long t1 = System.nanoTime();
            Await.until("all " + MESSAGES + " messages read from " + slave, Duration.ofSeconds(30), () -> {
                for (MessageQueue mq : queues) {
                    PullResult pulled = consumer.pull(mq, "*", next.get(mq), 32, 5_000);
                    if (pulled.getPullStatus() == PullStatus.FOUND) {
                        for (MessageExt msg : pulled.getMsgFoundList()) {
                            received.put(msg.getKeys(), new String(msg.getBody(), StandardCharsets.UTF_8));
                        }
                    }
                    next.put(mq, pulled.getNextBeginOffset());
                }
                return received.size();
            }, n -> n >= MESSAGES);
            log("read " + received.size() + " messages from the slave in " + millisSince(t1) + " ms");
            assertEquals(sentKeys, received.keySet());
            received.forEach((key, body) -> assertEquals("body-" + key.substring("key-".length()), body));
        } finally {
            consumer.shutdown();
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** brokerId -> address of {@link #BROKER} in the cluster info (empty if absent). */
    private static Map<Long, String> addrsOf(ClusterInfo info) {
        BrokerData data = info == null || info.getBrokerAddrTable() == null ? null : info.getBrokerAddrTable().get(BROKER);
        return data == null || data.getBrokerAddrs() == null ? Map.of() : new HashMap<>(data.getBrokerAddrs());
    }

    private static long commitLogMaxOffset(BrokerProcess broker) throws Exception {
        return Long.parseLong(admin.fetchBrokerRuntimeStats(broker.address()).getTable().get("commitLogMaxOffset"));
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static void log(String message) {
        System.out.println("[MasterSlaveIT] " + message);
    }
}
