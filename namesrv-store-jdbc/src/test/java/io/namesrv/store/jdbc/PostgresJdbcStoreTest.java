package io.namesrv.store.jdbc;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.TopicBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.namesrv.store.jdbc.Changes.CLUSTER;
import static io.namesrv.store.jdbc.Changes.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PostgresJdbcStoreTest extends JdbcStoreContract {
    @RegisterExtension
    final FreshDatabase database = new FreshDatabase(ExternalDatabase::postgres);

    @Override
    protected Map<String, String> storeConfig() {
        return database.storeConfig(Map.of(NamesrvConfig.STORE_PATH.name(), storeDir.toString()));
    }

    @Override
    protected Connection connect() throws SQLException {
        return database.connect();
    }

    @Override
    protected String databaseName() {
        return "PostgreSQL";
    }

    /** The same count as the contract's, by PostgreSQL's own per-table counters instead of the driver's reports. */
    @Test
    void postgresCountsTwoRowsWrittenForAOneTopicChangeBesideOneHundredThousandTopics() throws Exception {
        try (RouteStore store = open()) {
            for (int b = 0; b < 10; b++) {
                store.apply(registration("broker-" + b, "topic-" + b + "-", 10_000));
            }
        }
        // a backend sends its counters when its session ends: the pool is closed, so wait for them to arrive
        Map<String, Long> before = awaitCounters(100_000);
        try (RouteStore store = open()) {
            store.apply(new RouteChange(Map.of(), Set.of(), Map.of(), Set.of(),
                Map.of(new TopicBroker("topic-3-1234", "broker-3"), new QueueData("broker-3", 16, 16, 6, 0)), Set.of(),
                Map.of(new BrokerAddr(CLUSTER, Changes.addrOf("broker-3")), Changes.live(2_000)), Set.of()));
        }
        Map<String, Long> after = awaitCounters(100_001);
        Map<String, Long> written = new TreeMap<>();
        after.forEach((table, rows) -> {
            if (rows - before.getOrDefault(table, 0L) != 0) {
                written.put(table, rows - before.getOrDefault(table, 0L));
            }
        });
        assertEquals(Map.of("ns_topic_queue", 1L, "ns_live", 1L), written);
    }

    /**
     * Rows inserted, updated and deleted per table of this test's schema, once the topic table's
     * add up to {@code topicQueueRows} (or after 10 s: the assertion then shows what there was).
     */
    private Map<String, Long> awaitCounters(long topicQueueRows) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            Map<String, Long> counters = new TreeMap<>();
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del"
                     + " FROM pg_stat_user_tables WHERE schemaname = current_schema()")) {
                while (rows.next()) {
                    counters.put(rows.getString(1), rows.getLong(2));
                }
            }
            if (counters.getOrDefault("ns_topic_queue", 0L) == topicQueueRows || System.nanoTime() > deadline) {
                return counters;
            }
            Thread.sleep(50);
        }
    }
}
