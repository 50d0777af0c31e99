package io.namesrv.dist;

import io.namesrv.core.testkit.TcpProxy;
import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.MariaDbDatabase;
import io.namesrv.dist.support.PostgresSchema;
import io.namesrv.dist.support.RocketClients;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A lost database costs routing nothing. Our packaged server on the jdbc store reaches the
 * database through a relay; a real 5.4.0 broker (4 s heartbeat timeout, a heartbeat a second) and
 * an admin use it; the relay is cut for three broker timeouts. The broker must stay registered, a
 * topic created meanwhile must be routable, a KV write must be refused at once; once the database
 * is back, the store must catch up, and a fresh process on the same database after a kill -9 must
 * answer what the first one held in memory.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StoreOutageIT {
    private static final String CLUSTER = "OutageCluster";
    private static final String BROKER = "outage-broker";
    private static final long BROKER_TIMEOUT_MILLIS = 4_000;
    private static final long STORE_DEADLINE_MILLIS = 1_000;
    private static final Duration OUTAGE = Duration.ofMillis(3 * BROKER_TIMEOUT_MILLIS);
    private static final String NAMESPACE = "outage_ns";
    private static final Pattern JDBC_AUTHORITY = Pattern.compile("//([^/:]+):(\\d+)/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void theBrokerStaysAndTheStoreCatchesUp(String database) throws Exception {
        if (database.equals("postgresql")) {
            try (PostgresSchema schema = new PostgresSchema()) {
                outage(database, schema.storeConfig());
            }
        } else {
            try (MariaDbDatabase db = new MariaDbDatabase()) {
                outage(database, db.storeConfig());
            }
        }
    }

    private static void outage(String database, Map<String, String> storeConfig) throws Exception {
        String jdbcUrl = storeConfig.get("jdbcUrl");
        Matcher authority = JDBC_AUTHORITY.matcher(jdbcUrl);
        assertTrue(authority.find(), jdbcUrl);
        int metricsPort = FreePorts.port();
        try (TcpProxy relay = new TcpProxy(authority.group(1), Integer.parseInt(authority.group(2)))) {
            Map<String, String> config = new HashMap<>(storeConfig);
            config.put("jdbcUrl", authority.replaceFirst("//127.0.0.1:" + relay.port() + "/"));
            config.put("scanNotActiveBrokerInterval", "1000");
            config.put("storeWriteTimeoutMillis", Long.toString(STORE_DEADLINE_MILLIS));
            config.put("metricsPort", Integer.toString(metricsPort));
            DistNamesrvProcess namesrv = DistNamesrvProcess.start(ItDirs.newDir("outage-" + database), config);
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

                relay.cut();
                String behind = Await.until("the store reported behind", Duration.ofSeconds(20),
                    () -> health(metricsPort), body -> body.contains("\"state\":\"behind\""));
                log(database + ": cut; /health says " + behind.strip());

                String during = RocketClients.unique("outage_during");
                long createdAt = System.nanoTime();
                createTopic(admin, broker, during);
                long routableMillis = millisSince(createdAt);
                log(database + ": topic created during the outage routable " + routableMillis + " ms after the create call");
                assertTrue(routableMillis <= 2_000, "routable within 2 s, took " + routableMillis + " ms");

                long refusedAt = System.nanoTime();
                MQClientException refused = assertThrows(MQClientException.class,
                    () -> admin.createAndUpdateKvConfig(NAMESPACE, "during", "refused"));
                long refusedMillis = millisSince(refusedAt);
                log(database + ": KV write refused in " + refusedMillis + " ms: " + refused.getErrorMessage());
                assertEquals(ResponseCode.SYSTEM_ERROR, refused.getResponseCode());
                assertTrue(refused.getErrorMessage().contains("the store is behind"), refused.getErrorMessage());
                assertTrue(refusedMillis <= STORE_DEADLINE_MILLIS, "refused within the deadline, took " + refusedMillis + " ms");
                assertEquals("kept", admin.getKVConfig(NAMESPACE, "before"), "reads are served from memory");

                BrokerProcess registered = broker;
                Await.holdsFor(broker + " stays registered while the database is gone", OUTAGE, Duration.ofMillis(500),
                    () -> registered.isListedIn(admin.examineBrokerClusterInfo()));

                relay.restore();
                long restoredAt = System.nanoTime();
                Await.until("the store caught up", Duration.ofSeconds(30), () -> health(metricsPort),
                    body -> body.contains("\"state\":\"in-step\""));
                log(database + ": caught up " + millisSince(restoredAt) + " ms after the database came back");
                namesrv.jvm().awaitLog("The store has caught up", Duration.ofSeconds(5));
                String serverLog = namesrv.jvm().log();
                assertTrue(serverLog.contains("The store fell behind"), "one WARN when it fell behind");
                assertFalse(serverLog.contains("silent for more than"), "no broker was expired");
                assertTrue(broker.isListedIn(admin.examineBrokerClusterInfo()));

                Map<String, String> memory = tables(admin);
                assertTrue(memory.containsKey("route " + during), memory.keySet().toString());
                namesrv.jvm().kill();
                clients.close();

                // a fresh process on the same database, that the broker does not know: what it loads is the store
                Map<String, String> fresh = new HashMap<>(storeConfig);
                fresh.put("scanNotActiveBrokerInterval", "600000");
                DistNamesrvProcess second = DistNamesrvProcess.start(ItDirs.newDir("outage-" + database + "-fresh"), fresh);
                try (RocketClients secondClients = new RocketClients(second.address())) {
                    Map<String, String> stored = tables(secondClients.admin());
                    assertEquals(memory, stored, "the store holds what the memory held");
                    assertNull(stored.get("kv during"), "the refused KV write is nowhere");
                    assertEquals("kept", stored.get("kv before"));
                } finally {
                    second.close();
                }
            } finally {
                Teardown.closeAll(clients, Teardown.killing(broker), namesrv);
            }
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
