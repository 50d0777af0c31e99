package io.namesrv.dist;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.PostgresSchema;
import io.namesrv.dist.support.RocketClients;
import org.apache.rocketmq.auth.config.AuthConfig;
import org.apache.rocketmq.broker.out.BrokerOuterAPI;
import org.apache.rocketmq.common.BrokerIdentity;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.apache.rocketmq.remoting.protocol.namesrv.RegisterBrokerResult;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Persistence as an operator means it: a name server on a durable store takes a registration of
 * 10,000 topics (made by the real broker's own registration code) and KV config, is killed with
 * SIGKILL, starts again on the same store, and answers with everything before any broker
 * registers again; the broker, silent since, then expires on schedule.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DurableStoreRestartIT {
    private static final String CLUSTER = "RestartCluster";
    private static final int TOPICS = 10_000;
    /** What the registration asks for as its heartbeat timeout, so expiry is seen within the test. */
    private static final long HEARTBEAT_TIMEOUT_MILLIS = 20_000;

    private static Map<String, String> storeConfig(String store) {
        return switch (store) {
            case "jdbc-h2" -> Map.of("storeType", "jdbc");
            case "chronicle" -> Map.of("storeType", "chronicle");
            default -> throw new IllegalArgumentException(store);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"chronicle", "jdbc-h2", "jdbc-postgresql"})
    void routesAndKvConfigSurviveKillDashNine(String store) throws Exception {
        if (store.equals("jdbc-postgresql")) {
            try (PostgresSchema schema = new PostgresSchema()) {
                survive(store, schema.storeConfig());
            }
        } else {
            survive(store, storeConfig(store));
        }
    }

    private static void survive(String store, Map<String, String> storeSettings) throws Exception {
        Path dir = ItDirs.newDir("restart-" + store);
        Map<String, String> config = new HashMap<>(storeSettings);
        config.put("scanNotActiveBrokerInterval", "1000");
        // what is tested is what survives kill -9, not the write deadline (StoreOutageIT's): a fresh JVM writing
        // 10,000 topics on a busy 2-core machine can take more than the default second, and KV writes are
        // refused while the store is behind
        config.put("storeWriteTimeoutMillis", "10000");

        // a broker speaks as its version, as BrokerStartup sets it; version 0 would mean a pre-3.0.11 body
        System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
        BrokerOuterAPI brokerApi = new BrokerOuterAPI(new NettyClientConfig(), new AuthConfig());
        DistNamesrvProcess first = DistNamesrvProcess.start(dir, config);
        long registeredAt;
        try {
            brokerApi.start();
            brokerApi.updateNameServerAddressList(first.address());
            register(brokerApi, "restart-broker-a", "127.0.0.1:30911", TOPICS);
            register(brokerApi, "restart-broker-b", "127.0.0.1:31911", 3);
            registeredAt = System.currentTimeMillis();
            try (RocketClients clients = new RocketClients(first.address())) {
                DefaultMQAdminExt admin = clients.admin();
                admin.createAndUpdateKvConfig("restart_ns", "k1", "v1");
                admin.createAndUpdateKvConfig("ORDER_TOPIC_CONFIG", "topic-7", "restart-broker-a:8");
            }
        } finally {
            // SIGKILL while the broker's connection is still open: nothing gets to unregister it
            first.jvm().kill();
            brokerApi.shutdown();
        }

        DistNamesrvProcess second = DistNamesrvProcess.start(dir, config);
        try (RocketClients clients = new RocketClients(second.address())) {
            DefaultMQAdminExt admin = clients.admin();
            ClusterInfo info = admin.examineBrokerClusterInfo();
            assertEquals(Map.of(0L, "127.0.0.1:30911"), info.getBrokerAddrTable().get("restart-broker-a").getBrokerAddrs());
            assertTrue(info.getClusterAddrTable().get(CLUSTER).containsAll(List.of("restart-broker-a", "restart-broker-b")));
            TopicRouteData route = admin.examineTopicRouteInfo("topic-" + (TOPICS - 1));
            assertEquals(8, route.getQueueDatas().get(0).getWriteQueueNums());
            assertTrue(admin.fetchAllTopicList().getTopicList().size() >= TOPICS + 3);
            assertEquals("v1", admin.getKVConfig("restart_ns", "k1"));
            assertEquals("restart-broker-a:8", admin.getKVConfig("ORDER_TOPIC_CONFIG", "topic-7"));

            ClusterInfo expired = Await.until("the silent brokers to expire", Duration.ofSeconds(60),
                admin::examineBrokerClusterInfo, c -> c.getBrokerAddrTable().isEmpty());
            long silentFor = System.currentTimeMillis() - registeredAt;
            assertTrue(silentFor >= HEARTBEAT_TIMEOUT_MILLIS, "expired after " + silentFor + " ms of silence, not before");
            assertTrue(expired.getClusterAddrTable().isEmpty());
        } finally {
            second.close();
        }
    }

    private static void register(BrokerOuterAPI api, String brokerName, String brokerAddr, int topics) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        DataVersion version = new DataVersion();
        version.nextVersion();
        wrapper.setDataVersion(version);
        for (int i = 0; i < topics; i++) {
            String topic = topics == TOPICS ? "topic-" + i : brokerName + "-topic-" + i;
            wrapper.getTopicConfigTable().put(topic, new TopicConfig(topic, 8, 8, 6));
        }
        wrapper.getTopicConfigTable().put(brokerName, new TopicConfig(brokerName, 1, 1, 7));
        BrokerIdentity identity = new BrokerIdentity(CLUSTER, brokerName, 0, false);
        Await.until("a registration of " + brokerName, Duration.ofSeconds(30),
            () -> api.registerBrokerAll(CLUSTER, brokerAddr, brokerName, 0, "127.0.0.1:1", wrapper, List.of(),
                false, 10_000, false, false, HEARTBEAT_TIMEOUT_MILLIS, identity),
            (List<RegisterBrokerResult> results) -> !results.isEmpty());
    }
}
