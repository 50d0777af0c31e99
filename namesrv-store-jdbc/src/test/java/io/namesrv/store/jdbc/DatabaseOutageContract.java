package io.namesrv.store.jdbc;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoreException;
import io.namesrv.core.spi.StoredRoutes;
import io.namesrv.core.testkit.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.namesrv.store.jdbc.Changes.CLUSTER;
import static io.namesrv.store.jdbc.Changes.addrOf;
import static io.namesrv.store.jdbc.Changes.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database going away under a running store, played by a TCP proxy between the two: writes
 * fail fast with a clear StoreException and leave nothing half-written, and the same store works
 * again once the database is back, with what it acknowledged before intact.
 */
@Timeout(120)
abstract class DatabaseOutageContract {
    private static final Pattern HOST_AND_PORT = Pattern.compile("//([^/:?]+):(\\d+)");
    private static final Duration FAILURE_BOUND = Duration.ofSeconds(10);
    /** The pool retries connecting with a backoff of up to 5 s, so it may take that long to see the database back. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);

    @RegisterExtension
    final FreshDatabase database = new FreshDatabase(this::server);
    private TcpProxy proxy;
    private RouteStore store;

    protected abstract ExternalDatabase server();

    @BeforeEach
    void openStoreThroughAProxy() throws Exception {
        Matcher target = HOST_AND_PORT.matcher(database.url());
        assertTrue(target.find(), database.url());
        proxy = new TcpProxy(target.group(1), Integer.parseInt(target.group(2)));
        Map<String, String> config = new HashMap<>(database.storeConfig(Map.of()));
        config.put(JdbcSettings.URL, target.replaceFirst("//127.0.0.1:" + proxy.port()));
        config.put(JdbcSettings.POOL_SIZE, "2");
        config.put(JdbcSettings.CONNECTION_TIMEOUT_MILLIS, "1000");
        config.put(JdbcSettings.SOCKET_TIMEOUT_MILLIS, "5000");
        store = new JdbcRouteStoreProvider().open(NamesrvConfig.of(config));
    }

    @AfterEach
    void closeStoreAndProxy() throws Exception {
        store.close();
        proxy.close();
    }

    @Test
    void writesFailFastWhileTheDatabaseIsGoneAndSucceedOnceItIsBack() throws SQLException {
        store.apply(registration("broker-a", "a-", 3));
        store.putKvConfig("ns", "k", "v");
        StoredRoutes acknowledged = store.loadRoutes();

        proxy.cut();
        String database = server().kind().displayName + " at jdbc:";
        assertTimeoutPreemptively(FAILURE_BOUND, () -> {
            StoreException apply = assertThrows(StoreException.class, () -> store.apply(registration("broker-b", "b-", 5)));
            assertTrue(apply.getMessage().startsWith("jdbc store could not apply a route change "
                + "(clusters +1, brokers +1, queues +5, live +1) on " + database), apply.getMessage());
            StoreException put = assertThrows(StoreException.class, () -> store.putKvConfig("ns", "k", "changed"));
            assertTrue(put.getMessage().startsWith("jdbc store could not put KV config ns/k on " + database),
                put.getMessage());
            assertThrows(StoreException.class, () -> store.deleteKvConfig("ns", "k"));
            assertThrows(StoreException.class,
                () -> store.putLive(new BrokerAddr(CLUSTER, addrOf("broker-a")), Changes.live(9_000)));
        }, "a write must fail within the connection timeout, not hang");
        assertEquals(0, rowsOfBroker("broker-b"), "nothing of the failed registration reached the database");

        proxy.restore();
        eventually(() -> store.apply(registration("broker-b", "b-", 5)));
        store.putKvConfig("ns", "k2", "v2");
        StoredRoutes routes = store.loadRoutes();
        assertEquals(acknowledged.topicQueues().keySet().size() + 5, routes.topicQueues().size());
        acknowledged.topicQueues().forEach((topic, queues) -> assertEquals(queues, routes.topicQueues().get(topic)));
        assertEquals(acknowledged.brokers().get("broker-a"), routes.brokers().get("broker-a"));
        assertEquals(Set.of("broker-b"), routes.clusters().get(CLUSTER), "the cluster row of the last registration");
        assertEquals(Map.of("k", "v", "k2", "v2"), store.loadKvConfig().get("ns"));
    }

    @Test
    void aConnectionLostInTheMiddleOfAChangeLeavesTheOldState() throws SQLException {
        store.apply(registration("broker-a", "a-", 3));
        StoredRoutes before = store.loadRoutes();

        // a registration of 10,000 topics sends far more than this before its commit
        proxy.cutAfter(64 * 1024);
        assertTimeoutPreemptively(FAILURE_BOUND,
            () -> assertThrows(StoreException.class, () -> store.apply(registration("broker-b", "b-", 10_000))));
        proxy.restore();

        assertEquals(before, eventually(store::loadRoutes));
        assertEquals(0, rowsOfBroker("broker-b"));
    }

    /** Retries {@code write} while it fails with a StoreException, as a broker retries its registration. */
    private static void eventually(Runnable write) {
        eventually(() -> {
            write.run();
            return null;
        });
    }

    private static <T> T eventually(Supplier<T> operation) {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        while (true) {
            try {
                return operation.get();
            } catch (StoreException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the store did not recover within " + RECOVERY_BOUND, e);
                }
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
    }

    /** Counted on a connection of the test's own, which does not go through the proxy. */
    private int rowsOfBroker(String brokerName) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement count = connection.prepareStatement(
                 "SELECT (SELECT COUNT(*) FROM ns_topic_queue WHERE broker_name = ?)"
                     + " + (SELECT COUNT(*) FROM ns_broker WHERE broker_name = ?)")) {
            count.setString(1, brokerName);
            count.setString(2, brokerName);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
