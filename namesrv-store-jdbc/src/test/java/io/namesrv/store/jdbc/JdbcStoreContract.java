package io.namesrv.store.jdbc;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoreException;
import io.namesrv.core.spi.StoredRoutes;
import io.namesrv.core.spi.TopicBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.namesrv.store.jdbc.Changes.CLUSTER;
import static io.namesrv.store.jdbc.Changes.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the JDBC store promises beyond the RouteStore contract; each database runs it. */
@Timeout(120)
abstract class JdbcStoreContract {
    @TempDir
    protected Path storeDir;

    /** The store config that points at this test's own, empty database. */
    protected abstract Map<String, String> storeConfig();

    /** A connection of the test's own to that database. */
    protected abstract Connection connect() throws SQLException;

    /** As the store names its database in messages. */
    protected abstract String databaseName();

    protected final RouteStore open() {
        return new JdbcRouteStoreProvider().open(NamesrvConfig.of(storeConfig()));
    }

    @Test
    void aChangeThatFailsPartWayLeavesTheOldStateAndSaysWhatFailed() {
        try (RouteStore store = open()) {
            store.apply(registration("broker-a", "topic-", 3));
            StoredRoutes before = store.loadRoutes();

            Map<TopicBroker, QueueData> queues = new HashMap<>();
            for (int i = 0; i < 10; i++) {
                queues.put(new TopicBroker("topic-" + i, "broker-b"), new QueueData("broker-b", 4, 4, 6, 0));
            }
            // written last (rows go in key order), and too long for its column: the rows before it are already sent
            queues.put(new TopicBroker("z".repeat(300), "broker-b"), new QueueData("broker-b", 4, 4, 6, 0));
            RouteChange change = registration("broker-b", queues);
            RouteChange withBothInTheCluster = new RouteChange(Map.of(CLUSTER, Set.of("broker-a", "broker-b")),
                Set.of(), change.brokersPut(), Set.of(), queues, Set.of(), change.livePut(), Set.of());

            StoreException e = assertThrows(StoreException.class, () -> store.apply(withBothInTheCluster));
            assertTrue(e.getMessage().startsWith("jdbc store could not apply a route change "
                + "(clusters +1, brokers +1, queues +11, live +1) on " + databaseName() + " at jdbc:"), e.getMessage());
            assertEquals(before, store.loadRoutes());
        }
    }

    @Test
    void theSchemaVersionIsRecordedOnceAcrossRestarts() throws SQLException {
        open().close();
        open().close();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, description FROM ns_schema_version ORDER BY version")) {
            List<String> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getInt(1) + " " + rows.getString(2));
            }
            assertEquals(SchemaMigrator.MIGRATIONS.stream().map(m -> m.version() + " " + m.description()).toList(),
                versions);
        }
    }

    @Test
    void aSchemaNewerThanThisCodeIsRefused() throws SQLException {
        open().close();
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement(
                 "INSERT INTO ns_schema_version (version, description) VALUES (?, 'from the future')")) {
            insert.setInt(1, SchemaMigrator.LATEST_VERSION + 1);
            insert.executeUpdate();
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        StoreException e = assertThrows(StoreException.class, this::open);
        assertTrue(e.getMessage().contains("is at version " + (SchemaMigrator.LATEST_VERSION + 1)
            + ", newer than the latest this namesrv knows (" + SchemaMigrator.LATEST_VERSION + ")"), e.getMessage());
    }

    @Test
    void serversStartingTogetherMigrateOnce() throws Exception {
        int servers = 6;
        ExecutorService threads = Executors.newFixedThreadPool(servers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> starts = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                starts.add(threads.submit(() -> {
                    go.await();
                    open().close();
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> start : starts) {
                start.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM ns_schema_version")) {
            rows.next();
            assertEquals(SchemaMigrator.MIGRATIONS.size(), rows.getInt(1));
        }
    }

    @Test
    void namesThatDifferOnlyInCaseAreDifferentRows() {
        try (RouteStore store = open()) {
            store.apply(registration("broker-a", Map.of(
                new TopicBroker("Orders", "broker-a"), new QueueData("broker-a", 1, 1, 6, 0),
                new TopicBroker("orders", "broker-a"), new QueueData("broker-a", 2, 2, 6, 0))));
            store.putKvConfig("ns", "Key", "upper");
            store.putKvConfig("ns", "key", "lower");

            StoredRoutes routes = store.loadRoutes();
            assertEquals(1, routes.topicQueues().get("Orders").get("broker-a").readQueueNums());
            assertEquals(2, routes.topicQueues().get("orders").get("broker-a").readQueueNums());
            assertEquals(Map.of("Key", "upper", "key", "lower"), store.loadKvConfig().get("ns"));
        }
    }

    @Test
    void everyFieldRoundTripsIncludingNullsTextBeyondAsciiAndLongValues() {
        BrokerData group = new BrokerData(CLUSTER, "broker-ü", new TreeMap<>(Map.of(0L, "h0:1", 1L, "h1:1", 2L, "h2:1")),
            "zone-北", true);
        BrokerAddr addr = new BrokerAddr(CLUSTER, "h1:1");
        BrokerLiveInfo withoutVersion = new BrokerLiveInfo(42, 10_000, null, null);
        QueueData queues = new QueueData("broker-ü", 16, 8, 2, 3);
        String longValue = "値🙂".repeat(50_000);

        try (RouteStore store = open()) {
            store.apply(new RouteChange(Map.of(CLUSTER, Set.of("broker-ü")), Set.of(), Map.of("broker-ü", group), Set.of(),
                Map.of(new TopicBroker("主题-é", "broker-ü"), queues), Set.of(), Map.of(addr, withoutVersion), Set.of()));
            store.putKvConfig("ORDER_TOPIC_CONFIG", "主题-é", longValue);
        }
        try (RouteStore store = open()) {
            StoredRoutes routes = store.loadRoutes();
            assertEquals(Map.of("broker-ü", group), routes.brokers());
            assertEquals(Map.of("主题-é", Map.of("broker-ü", queues)), routes.topicQueues());
            assertEquals(Map.of(addr, withoutVersion), routes.live());
            assertEquals(longValue, store.loadKvConfig().get("ORDER_TOPIC_CONFIG").get("主题-é"));
        }
    }

    @Test
    void aOneTopicChangeWritesOneQueueRowAndOneLiveRowBesideOneHundredThousandTopics() {
        try (CountingDataSource.Counted counted = CountingDataSource.open(JdbcSettings.from(NamesrvConfig.of(storeConfig())))) {
            RouteStore store = counted.store();
            Set<String> members = new HashSet<>();
            for (int b = 0; b < 10; b++) {
                String broker = "broker-" + b;
                members.add(broker);
                RouteChange registration = registration(broker, "topic-" + b + "-", 10_000);
                store.apply(new RouteChange(Map.of(CLUSTER, Set.copyOf(members)), Set.of(), registration.brokersPut(),
                    Set.of(), registration.queuesPut(), Set.of(), registration.livePut(), Set.of()));
            }
            assertEquals(Map.of("ns_broker", 10L, "ns_broker_addr", 10L, "ns_cluster", 10L, "ns_live", 10L,
                "ns_topic_queue", 100_000L), counted.counter().rowsWritten(), "ten registrations, each cluster row written once");

            BrokerAddr addr = new BrokerAddr(CLUSTER, Changes.addrOf("broker-3"));
            store.apply(new RouteChange(Map.of(), Set.of(), Map.of(), Set.of(),
                Map.of(new TopicBroker("topic-3-1234", "broker-3"), new QueueData("broker-3", 16, 16, 6, 0)), Set.of(),
                Map.of(addr, Changes.live(2_000)), Set.of()));
            assertEquals(Map.of("ns_topic_queue", 1L, "ns_live", 1L), counted.counter().rowsWritten());

            store.apply(new RouteChange(Map.of(), Set.of(), Map.of(), Set.of(),
                Map.of(new TopicBroker("new-topic", "broker-3"), new QueueData("broker-3", 8, 8, 6, 0)),
                Set.of(new TopicBroker("topic-3-1", "broker-3")), Map.of(addr, Changes.live(3_000)), Set.of()));
            assertEquals(Map.of("ns_topic_queue", 2L, "ns_live", 1L), counted.counter().rowsWritten());

            store.putLive(addr, Changes.live(4_000));
            assertEquals(Map.of("ns_live", 1L), counted.counter().rowsWritten());

            StoredRoutes routes = store.loadRoutes();
            assertEquals(100_000, routes.topicQueues().size());
            assertEquals(new QueueData("broker-3", 16, 16, 6, 0), routes.topicQueues().get("topic-3-1234").get("broker-3"));
        }
    }

    @Test
    void aBrokerJoiningOrLeavingAClusterOfManyWritesItsOwnRowsOnly() {
        try (CountingDataSource.Counted counted = CountingDataSource.open(JdbcSettings.from(NamesrvConfig.of(storeConfig())))) {
            RouteStore store = counted.store();
            Set<String> members = new HashSet<>();
            Map<String, BrokerData> brokers = new HashMap<>();
            Map<BrokerAddr, BrokerLiveInfo> live = new HashMap<>();
            for (int b = 0; b < 500; b++) {
                RouteChange registration = registration("broker-" + b, "t-", 0);
                members.add("broker-" + b);
                brokers.putAll(registration.brokersPut());
                live.putAll(registration.livePut());
            }
            store.apply(new RouteChange(Map.of(CLUSTER, Set.copyOf(members)), Set.of(), brokers, Set.of(), Map.of(),
                Set.of(), live, Set.of()));
            counted.counter().rowsWritten();

            RouteChange joining = registration("broker-500", "t-", 0);
            members.add("broker-500");
            store.apply(new RouteChange(Map.of(CLUSTER, Set.copyOf(members)), Set.of(), joining.brokersPut(), Set.of(),
                Map.of(), Set.of(), joining.livePut(), Set.of()));
            assertEquals(Map.of("ns_broker", 1L, "ns_broker_addr", 1L, "ns_cluster", 1L, "ns_live", 1L),
                counted.counter().rowsWritten());

            members.remove("broker-7");
            store.apply(new RouteChange(Map.of(CLUSTER, Set.copyOf(members)), Set.of(), Map.of(), Set.of("broker-7"),
                Map.of(), Set.of(), Map.of(), Set.of(new BrokerAddr(CLUSTER, Changes.addrOf("broker-7")))));
            assertEquals(Map.of("ns_broker", 1L, "ns_broker_addr", 1L, "ns_cluster", 1L, "ns_live", 1L),
                counted.counter().rowsWritten());
            assertEquals(members, store.loadRoutes().clusters().get(CLUSTER));
        }
    }

    @Test
    void aClosedStoreRefusesWritesWithAStoreException() {
        RouteStore store = open();
        store.close();
        StoreException e = assertThrows(StoreException.class, () -> store.putKvConfig("ns", "k", "v"));
        assertTrue(e.getMessage().startsWith("jdbc store could not put KV config ns/k on " + databaseName()), e.getMessage());
    }
}
