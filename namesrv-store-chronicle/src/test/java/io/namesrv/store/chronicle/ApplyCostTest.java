package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.TopicBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What one change writes does not grow with the tables: counted in entries put or removed (and
 * recorded in the undo journal), never timed.
 */
@Timeout(300)
class ApplyCostTest {
    private static final String CLUSTER = "c1";
    private static final int BROKERS = 10;
    private static final int TOPICS_PER_BROKER = 10_000;

    @TempDir
    Path storeDir;

    @Test
    void aOneTopicChangeWritesOneQueueEntryAndOneLiveEntryBesideOneHundredThousandTopics() {
        Map<String, String> config = TestStores.config(storeDir, ChronicleSettings.EXPECTED_TOPICS, "110000");
        try (ChronicleRouteStore store = (ChronicleRouteStore) new ChronicleRouteStoreProvider()
            .open(NamesrvConfig.of(config))) {
            Set<String> members = new HashSet<>();
            for (int b = 0; b < BROKERS; b++) {
                members.add(brokerName(b));
                store.apply(registration(b, Set.copyOf(members)));
            }
            assertEquals(BROKERS * TOPICS_PER_BROKER, store.tables().get(Table.TOPIC_QUEUES).size());

            Map<Table, Long> before = written(store);
            long journalBefore = store.tables().journal().entriesRecorded();
            String broker = brokerName(3);
            store.apply(new RouteChange(Map.of(), Set.of(), Map.of(), Set.of(),
                Map.of(new TopicBroker("topic-3-1234", broker), new QueueData(broker, 16, 16, 6, 0)), Set.of(),
                Map.of(addrOf(3), live(2)), Set.of()));

            assertEquals(Map.of(Table.TOPIC_QUEUES, 1L, Table.LIVE, 1L), since(before, written(store)));
            assertEquals(2, store.tables().journal().entriesRecorded() - journalBefore,
                "the undo journal records the change's entries, not the tables'");
            assertEquals(new QueueData(broker, 16, 16, 6, 0),
                store.loadRoutes().topicQueues().get("topic-3-1234").get(broker));

            // a new topic, and a topic gone, cost one entry each too
            before = written(store);
            store.apply(new RouteChange(Map.of(), Set.of(), Map.of(), Set.of(),
                Map.of(new TopicBroker("new-topic", broker), new QueueData(broker, 8, 8, 6, 0)),
                Set.of(new TopicBroker("topic-3-1", broker)), Map.of(addrOf(3), live(3)), Set.of()));
            assertEquals(Map.of(Table.TOPIC_QUEUES, 2L, Table.LIVE, 1L), since(before, written(store)));

            // a heartbeat writes its live entry alone
            before = written(store);
            store.putLive(addrOf(4), live(4));
            assertEquals(Map.of(Table.LIVE, 1L), since(before, written(store)));
        }
    }

    @Test
    void aBrokerJoiningOrLeavingAClusterOfManyWritesOneClusterEntry() {
        Map<String, String> config = TestStores.config(storeDir, ChronicleSettings.EXPECTED_BROKERS, "1024");
        try (ChronicleRouteStore store = (ChronicleRouteStore) new ChronicleRouteStoreProvider()
            .open(NamesrvConfig.of(config))) {
            Set<String> members = new HashSet<>();
            Map<String, BrokerData> brokers = new HashMap<>();
            Map<BrokerAddr, BrokerLiveInfo> live = new HashMap<>();
            for (int b = 0; b < 500; b++) {
                members.add(brokerName(b));
                brokers.put(brokerName(b), brokerData(b));
                live.put(addrOf(b), live(1));
            }
            store.apply(new RouteChange(Map.of(CLUSTER, Set.copyOf(members)), Set.of(), brokers, Set.of(), Map.of(),
                Set.of(), live, Set.of()));

            Map<Table, Long> before = written(store);
            members.add(brokerName(500));
            store.apply(new RouteChange(Map.of(CLUSTER, Set.copyOf(members)), Set.of(),
                Map.of(brokerName(500), brokerData(500)), Set.of(), Map.of(), Set.of(), Map.of(addrOf(500), live(1)),
                Set.of()));
            assertEquals(Map.of(Table.CLUSTERS, 1L, Table.BROKERS, 1L, Table.LIVE, 1L), since(before, written(store)));

            before = written(store);
            members.remove(brokerName(7));
            store.apply(new RouteChange(Map.of(CLUSTER, Set.copyOf(members)), Set.of(), Map.of(), Set.of(brokerName(7)),
                Map.of(), Set.of(), Map.of(), Set.of(addrOf(7))));
            assertEquals(Map.of(Table.CLUSTERS, 1L, Table.BROKERS, 1L, Table.LIVE, 1L), since(before, written(store)));
            assertEquals(members, store.loadRoutes().clusters().get(CLUSTER));
        }
    }

    private static Map<Table, Long> written(ChronicleRouteStore store) {
        Map<Table, Long> written = new EnumMap<>(Table.class);
        for (Table table : Table.values()) {
            written.put(table, store.tables().get(table).entriesWritten());
        }
        return written;
    }

    /** The tables written to between the two counts, with how many entries each. */
    private static Map<Table, Long> since(Map<Table, Long> before, Map<Table, Long> after) {
        Map<Table, Long> delta = new EnumMap<>(Table.class);
        after.forEach((table, count) -> {
            if (count - before.get(table) != 0) {
                delta.put(table, count - before.get(table));
            }
        });
        return delta;
    }

    private static RouteChange registration(int broker, Set<String> clusterMembers) {
        String name = brokerName(broker);
        Map<TopicBroker, QueueData> queues = new HashMap<>();
        for (int t = 0; t < TOPICS_PER_BROKER; t++) {
            queues.put(new TopicBroker("topic-" + broker + "-" + t, name), new QueueData(name, 8, 8, 6, 0));
        }
        return new RouteChange(Map.of(CLUSTER, clusterMembers), Set.of(), Map.of(name, brokerData(broker)), Set.of(),
            queues, Set.of(), Map.of(addrOf(broker), live(1)), Set.of());
    }

    private static String brokerName(int broker) {
        return "broker-" + broker;
    }

    private static BrokerData brokerData(int broker) {
        return new BrokerData(CLUSTER, brokerName(broker), new TreeMap<>(Map.of(0L, addrOf(broker).brokerAddr())), null,
            false);
    }

    private static BrokerAddr addrOf(int broker) {
        return new BrokerAddr(CLUSTER, "10.0." + broker / 250 + "." + broker % 250 + ":10911");
    }

    private static BrokerLiveInfo live(long version) {
        return new BrokerLiveInfo(version, 120_000, new DataVersion(0, version, version), null);
    }
}
