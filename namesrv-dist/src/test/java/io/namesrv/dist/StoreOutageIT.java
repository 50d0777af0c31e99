package io.namesrv.dist;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.DatabaseOutage;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.FullDisk;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.StoreOutage;
import io.namesrv.dist.support.Teardown;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A lost database or a full disk costs routing nothing. Our packaged server on the jdbc store reaches
 * PostgreSQL or MariaDB through a relay that the test cuts, or keeps its chronicle or H2 files on a
 * tmpfs that the test fills; a real 5.4.0 broker (8 s heartbeat timeout, a heartbeat a second) and an
 * admin use it, and the store stays away for two broker timeouts. The broker must stay registered,
 * a topic created meanwhile must be routable, a KV write must be refused at once; once the store is
 * back it must catch up, and a fresh process on the same data after a kill -9 must answer what the
 * first one held in memory.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StoreOutageIT {
    private static final String CLUSTER = "OutageCluster";
    private static final String BROKER = "outage-broker";
    /** Longer than a fresh server takes to start on a busy machine: it expires the broker from its stored heartbeat. */
    private static final long BROKER_TIMEOUT_MILLIS = 8_000;
    private static final long STORE_DEADLINE_MILLIS = 1_000;
    private static final Duration OUTAGE = Duration.ofMillis(2 * BROKER_TIMEOUT_MILLIS);
    private static final String NAMESPACE = "outage_ns";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb", "chronicle", "jdbc-h2"})
    void theBrokerStaysAndTheStoreCatchesUp(String store) throws Exception {
        try (StoreOutage outage = outageOf(store)) {
            outage(store, outage);
        }
    }

    private static StoreOutage outageOf(String store) throws Exception {
        return switch (store) {
            case "postgresql" -> DatabaseOutage.postgresql();
            case "mariadb" -> DatabaseOutage.mariadb();
            case "chronicle", "jdbc-h2" -> {
                assumeTrue(FullDisk.mountable(), "a full disk is played on a tmpfs of its own: needs root and mount");
                boolean chronicle = store.equals("chronicle");
                yield FullDisk.mount(ItDirs.newDir("outage-" + store + "-disk"),
                    Map.of("storeType", chronicle ? "chronicle" : "jdbc"), !chronicle);
            }
            default -> throw new IllegalArgumentException(store);
        };
    }

    private static void outage(String store, StoreOutage outage) throws Exception {
        int metricsPort = FreePorts.port();
        Map<String, String> config = new HashMap<>(outage.serverConfig());
        config.put("scanNotActiveBrokerInterval", "1000");
        config.put("storeWriteTimeoutMillis", Long.toString(STORE_DEADLINE_MILLIS));
        config.put("metricsPort", Integer.toString(metricsPort));
        DistNamesrvProcess namesrv = DistNamesrvProcess.start(ItDirs.newDir("outage-" + store), config);
        RocketClients clients = new RocketClients(namesrv.address());
        BrokerProcess broker = null;
        try {
            broker = BrokerProcess.builder(namesrv.address()).cluster(CLUSTER).brokerName(BROKER)
                .config("enableSlaveActingMaster", "true")
                .config("brokerNotActiveTimeoutMillis", Long.toString(BROKER_TIMEOUT_MILLIS))
                .config("brokerHeartbeatInterval", "1000")
                .config("compatibleWithOldNameSrv", "false")
                .start();
            DefaultMQAdminExt admin = clients.admin();
            String before = RocketClients.unique("outage_before");
            createTopic(admin, broker, before);
            admin.createAndUpdateKvConfig(NAMESPACE, "before", "kept");

            outage.begin();
            if (outage.stopsWrites()) {
                String behind = Await.until("the store reported behind", Duration.ofSeconds(20),
                    () -> health(metricsPort), body -> body.contains("\"state\":\"behind\""));
                log(store + ": store away; /health says " + behind.strip());
            }

            String during = RocketClients.unique("outage_during");
            long createdAt = System.nanoTime();
            createTopic(admin, broker, during);
            long routableMillis = millisSince(createdAt);
            log(store + ": topic created during the outage routable " + routableMillis + " ms after the create call");
            assertTrue(routableMillis <= 2_000, "routable within 2 s, took " + routableMillis + " ms");

            if (outage.stopsWrites()) {
                long refusedAt = System.nanoTime();
                MQClientException refused = assertThrows(MQClientException.class,
                    () -> admin.createAndUpdateKvConfig(NAMESPACE, "during", "written during the outage"));
                long refusedMillis = millisSince(refusedAt);
                log(store + ": KV write refused in " + refusedMillis + " ms: " + refused.getErrorMessage());
                assertEquals(ResponseCode.SYSTEM_ERROR, refused.getResponseCode());
                assertTrue(refused.getErrorMessage().contains("the store is behind"), refused.getErrorMessage());
                assertTrue(refusedMillis <= STORE_DEADLINE_MILLIS, "refused within the deadline, took " + refusedMillis + " ms");
            } else {
                admin.createAndUpdateKvConfig(NAMESPACE, "during", "written during the outage");
            }
            assertEquals("kept", admin.getKVConfig(NAMESPACE, "before"), "reads are served from memory");

            BrokerProcess registered = broker;
            Await.holdsFor(broker + " stays registered while the store is away", OUTAGE, Duration.ofMillis(500),
                () -> registered.isListedIn(admin.examineBrokerClusterInfo()));

            outage.end();
            String serverLog;
            if (outage.stopsWrites()) {
                long restoredAt = System.nanoTime();
                Await.until("the store caught up", Duration.ofSeconds(30), () -> health(metricsPort),
                    body -> body.contains("\"state\":\"in-step\""));
                log(store + ": caught up " + millisSince(restoredAt) + " ms after the store came back");
                namesrv.jvm().awaitLog("The store has caught up", Duration.ofSeconds(5));
                serverLog = namesrv.jvm().log();
                assertTrue(serverLog.contains("The store fell behind"), "one WARN when it fell behind");
            } else {
                serverLog = namesrv.jvm().log();
                assertFalse(serverLog.contains("The store fell behind"), "a store whose files are allocated kept up");
            }
            assertFalse(serverLog.contains("silent for more than"), "no broker was expired");
            assertTrue(broker.isListedIn(admin.examineBrokerClusterInfo()));

            Map<String, String> memory = tables(admin);
            assertTrue(memory.containsKey("route " + during), memory.keySet().toString());
            namesrv.jvm().kill();
            clients.close();

            // a fresh process on the same data, that the broker does not know: what it loads is the store
            Map<String, String> fresh = new HashMap<>(outage.freshConfig());
            fresh.put("scanNotActiveBrokerInterval", "600000");
            DistNamesrvProcess second = DistNamesrvProcess.start(ItDirs.newDir("outage-" + store + "-fresh"), fresh);
            try (RocketClients secondClients = new RocketClients(second.address())) {
                Map<String, String> stored = tables(secondClients.admin());
                assertEquals(memory, stored, "the store holds what the memory held");
                assertEquals(outage.stopsWrites() ? null : "written during the outage", stored.get("kv during"),
                    "a refused KV write is nowhere, an acknowledged one is kept");
                assertEquals("kept", stored.get("kv before"));
            } finally {
                second.close();
            }
        } finally {
            Teardown.closeAll(clients, Teardown.killing(broker), namesrv);
        }
    }

    private static void createTopic(DefaultMQAdminExt admin, BrokerProcess broker, String topic) throws Exception {
        admin.createAndUpdateTopicConfig(broker.address(), new TopicConfig(topic, 4, 4, PermName.PERM_READ | PermName.PERM_WRITE));
        Await.until("a route for " + topic, Duration.ofSeconds(30), () -> {
            try {
                return admin.examineTopicRouteInfo(topic);
            } catch (MQClientException e) {
                return null;
            }
        }, route -> route != null && !route.getQueueDatas().isEmpty());
    }

    /** Clusters, broker groups, every topic's route and the test's KV namespace, as clients read them. */
    private static Map<String, String> tables(DefaultMQAdminExt admin) throws Exception {
        Map<String, String> tables = new TreeMap<>();
        ClusterInfo clusters = admin.examineBrokerClusterInfo();
        clusters.getClusterAddrTable().forEach((cluster, names) -> tables.put("cluster " + cluster, new TreeSet<>(names).toString()));
        clusters.getBrokerAddrTable().forEach((name, data) -> tables.put("broker " + name, describe(data)));
        for (String topic : admin.fetchAllTopicList().getTopicList()) {
            TopicRouteData route = admin.examineTopicRouteInfo(topic);
            tables.put("route " + topic, route.getQueueDatas().stream().sorted(Comparator.comparing(QueueData::getBrokerName))
                .map(QueueData::toString).collect(Collectors.joining(",")) + " | " + route.getBrokerDatas().stream()
                .sorted(Comparator.comparing(BrokerData::getBrokerName)).map(StoreOutageIT::describe)
                .collect(Collectors.joining(",")));
        }
        admin.getKVListByNamespace(NAMESPACE).getTable().forEach((key, value) -> tables.put("kv " + key, value));
        return tables;
    }

    private static String describe(BrokerData data) {
        return data.getCluster() + "/" + data.getBrokerName() + new TreeMap<>(data.getBrokerAddrs());
    }

    private static String health(int metricsPort) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/health"))
            .timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void log(String line) {
        System.out.println("[StoreOutageIT] " + line);
    }
}
