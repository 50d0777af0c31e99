package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.namesrv.store.chronicle.ChronicleSettings.AVERAGE_TOPIC_BYTES;
import static io.namesrv.store.chronicle.ChronicleSettings.EXPECTED_KV_ENTRIES;
import static io.namesrv.store.chronicle.ChronicleSettings.EXPECTED_TOPICS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class TableCapacityTest {
    private static final BrokerAddr ADDR = new BrokerAddr("c1", "127.0.0.1:10911");
    private static final BrokerData BROKER =
        new BrokerData("c1", "broker-a", new TreeMap<>(Map.of(0L, ADDR.brokerAddr())), null, false);

    @TempDir
    Path storeDir;

    private RouteStore open(String key, String value) {
        return new ChronicleRouteStoreProvider().open(NamesrvConfig.of(TestStores.config(storeDir, key, value)));
    }

    @Test
    void aChangeThatWouldOverfillATableIsRefusedWholeAndTheStoreStaysUsable() {
        try (RouteStore store = open(EXPECTED_TOPICS, "10")) {
            store.apply(registration("t-", 0, 5, 1));
            StoredRoutes before = store.loadRoutes();

            RouteChange tooMany = new RouteChange(Map.of("c2", Set.of("broker-b")), Set.of(),
                Map.of("broker-b", new BrokerData("c2", "broker-b", new TreeMap<>(Map.of(0L, "127.0.0.1:20911")), null, false)),
                Set.of(), queues("broker-b", "u-", 0, 7), Set.of(), Map.of(), Set.of());
            StoreException full = assertThrows(StoreException.class, () -> store.apply(tooMany));

            assertEquals("Chronicle store " + realPath() + ": the topic-queue table is full: it holds at most 11 entries"
                + " (one per topic and broker group serving it), has 5 and this change adds 7. Raise"
                + " chronicleExpectedTopics (now 10) and restart: the table is resized when the store opens.",
                full.getMessage());
            assertEquals(before, store.loadRoutes(), "nothing of the refused change is visible");
            store.apply(registration("t-", 5, 6, 2));
            assertEquals(11, store.loadRoutes().topicQueues().size(), "the store takes what fits");
        }
    }

    @Test
    void entriesLongerThanTheTableWasSizedForAreRefusedAndWhatWasWrittenIsUndone() {
        String longPrefix = "x".repeat(1_000);
        try (RouteStore store = open(AVERAGE_TOPIC_BYTES, "8")) {
            store.apply(registration("t-", 0, 3, 1));
            StoredRoutes before = store.loadRoutes();

            // the cluster, the group and the first several hundred topics fit, then the table runs out of room
            RouteChange tooLong = new RouteChange(Map.of("c2", Set.of("broker-b")), Set.of(),
                Map.of("broker-b", new BrokerData("c2", "broker-b", new TreeMap<>(Map.of(0L, "127.0.0.1:20911")), null, false)),
                Set.of(), queues("broker-b", longPrefix, 0, 3_000), Set.of(), Map.of(), Set.of());
            StoreException outOfSpace = assertThrows(StoreException.class, () -> store.apply(tooLong));

            assertTrue(outOfSpace.getMessage().startsWith("Chronicle store " + realPath() + ": the topic-queue table ran"
                + " out of space before reaching its 12100 entries: its keys or values are longer than it was sized for."
                + " Raise chronicleAverageTopicBytes (now 8) or chronicleExpectedTopics (now 11000) and restart"),
                outOfSpace.getMessage());
            assertTrue(outOfSpace.getCause() instanceof IllegalStateException, "Chronicle found no room: " + outOfSpace.getCause());
            assertEquals(before, store.loadRoutes(), "the writes before the failing one were undone");
            store.apply(registration("t-", 3, 1, 2));
            assertEquals(4, store.loadRoutes().topicQueues().size());
        }
    }

    @Test
    void aFullKvTableRefusesNewKeysButTakesNewValuesOfOldOnes() {
        try (RouteStore store = open(EXPECTED_KV_ENTRIES, "2")) {
            store.putKvConfig("ns", "a", "1");
            store.putKvConfig("ns", "b", "2");
            StoreException full = assertThrows(StoreException.class, () -> store.putKvConfig("ns", "c", "3"));
            assertTrue(full.getMessage().contains("the KV config table is full")
                && full.getMessage().contains("Raise chronicleExpectedKvEntries (now 2)"), full.getMessage());

            store.putKvConfig("ns", "a", "changed");
            assertEquals(Map.of("ns", Map.of("a", "changed", "b", "2")), store.loadKvConfig());
        }
    }

    @Test
    void raisingTheSizeResizesTheFileAtOpenAndKeepsItsEntries() throws IOException {
        try (RouteStore store = open(EXPECTED_TOPICS, "10")) {
            store.apply(registration("t-", 0, 11, 1));
            store.putKvConfig("ns", "k", "v");
        }
        try (RouteStore store = open(EXPECTED_TOPICS, "100")) {
            assertEquals(11, store.loadRoutes().topicQueues().size());
            store.apply(registration("t-", 11, 50, 2));
            assertEquals(61, store.loadRoutes().topicQueues().size());
            assertEquals("v", store.loadKvConfig().get("ns").get("k"));
        }
        assertEquals(List.of("topic-queues.110-73-6.cmap"), tableFiles("topic-queues"), "the old size is gone");
    }

    @Test
    void aSizeTooSmallForTheEntriesIsRefusedAndTheStoreStillOpensWithTheOldSize() {
        try (RouteStore store = open(EXPECTED_TOPICS, "100")) {
            store.apply(registration("t-", 0, 20, 1));
        }
        StoreException tooSmall = assertThrows(StoreException.class, () -> open(EXPECTED_TOPICS, "10"));
        assertEquals("Chronicle store " + realPath() + ": the topic-queue table holds 20 entries, more than the 11 that"
            + " chronicleExpectedTopics (now 10) allows. Raise it to open this store.", tooSmall.getMessage());

        try (RouteStore store = open(EXPECTED_TOPICS, "100")) {
            assertEquals(20, store.loadRoutes().topicQueues().size());
        }
    }

    @Test
    void oldSizesThatACrashKeptFromBeingDeletedAreDeletedAtTheNextOpen() throws IOException {
        try (RouteStore store = open(EXPECTED_TOPICS, "10")) {
            store.apply(registration("t-", 0, 11, 1));
        }
        // a crash after moving a resized file into place, before deleting the old one
        Files.copy(storeDir.resolve("topic-queues.11-73-6.cmap"), storeDir.resolve("topic-queues.110-73-6.cmap"));
        try (RouteStore store = open(EXPECTED_TOPICS, "100")) {
            assertEquals(11, store.loadRoutes().topicQueues().size());
        }
        assertEquals(List.of("topic-queues.110-73-6.cmap"), tableFiles("topic-queues"));

        // the same, and the settings changed again before the next open
        Files.copy(storeDir.resolve("topic-queues.110-73-6.cmap"), storeDir.resolve("topic-queues.55-73-6.cmap"));
        try (RouteStore store = open(EXPECTED_TOPICS, "200")) {
            assertEquals(11, store.loadRoutes().topicQueues().size());
        }
        assertEquals(List.of("topic-queues.220-73-6.cmap"), tableFiles("topic-queues"));
    }

    @Test
    void aTableFileLeftHalfBuiltByACrashIsDeleted() throws IOException {
        Files.createDirectories(storeDir);
        Path leftover = storeDir.resolve("topic-queues.999-73-6.cmap.unfinished");
        Files.write(leftover, new byte[] {1, 2, 3});
        try (RouteStore store = open(EXPECTED_TOPICS, "10")) {
            assertTrue(store.loadRoutes().topicQueues().isEmpty());
        }
        assertFalse(Files.exists(leftover));
    }

    @Test
    void theDefaultSizesHoldAMillionTopicsOnAHundredBrokerGroupsWithTheirSystemTopics() {
        Map<String, String> defaults = Map.of(NamesrvConfig.STORE_TYPE.name(), ChronicleRouteStoreProvider.NAME,
            NamesrvConfig.STORE_PATH.name(), storeDir.toString());
        Set<String> members = new HashSet<>();
        try (RouteStore store = new ChronicleRouteStoreProvider().open(NamesrvConfig.of(defaults))) {
            for (int b = 0; b < 100; b++) {
                String name = "broker-group-" + b;
                BrokerAddr addr = new BrokerAddr("c1", "10.0.0." + b + ":10911");
                members.add(name);
                Map<TopicBroker, QueueData> queues = queues(name, "topic-with-a-typical-name-" + b + "-", 0, 10_000);
                // each group's own system topics (SELF_TEST_TOPIC, RMQ_SYS_TRACE_TOPIC, ...): the 10 % on top
                queues.putAll(queues(name, "SYSTEM_TOPIC_" + b + "_", 0, 30));
                store.apply(new RouteChange(Map.of("c1", Set.copyOf(members)), Set.of(),
                    Map.of(name, new BrokerData("c1", name, new TreeMap<>(Map.of(0L, addr.brokerAddr())), null, false)),
                    Set.of(), queues, Set.of(), Map.of(addr, live(1)), Set.of()));
            }
        }
        try (RouteStore store = new ChronicleRouteStoreProvider().open(NamesrvConfig.of(defaults))) {
            assertEquals(1_003_000, store.loadRoutes().topicQueues().size());
        }
    }

    @Test
    void theDefaultClusterTableHoldsOneClusterOfEveryExpectedBroker() {
        Set<String> names = new HashSet<>();
        Map<String, BrokerData> brokers = new HashMap<>();
        Map<BrokerAddr, BrokerLiveInfo> live = new HashMap<>();
        for (int i = 0; i < 1_024; i++) {
            String name = "broker-group-name-" + String.format("%06d", i);
            String addr = "192.168." + i / 250 + "." + i % 250 + ":10911";
            names.add(name);
            brokers.put(name, new BrokerData("cluster-with-a-long-name", name, new TreeMap<>(Map.of(0L, addr)), null, false));
            live.put(new BrokerAddr("cluster-with-a-long-name", addr), live(1));
        }
        Map<String, String> defaults = Map.of(NamesrvConfig.STORE_PATH.name(), storeDir.toString());
        try (RouteStore store = new ChronicleRouteStoreProvider().open(NamesrvConfig.of(defaults))) {
            store.apply(new RouteChange(Map.of("cluster-with-a-long-name", names), Set.of(), brokers, Set.of(), Map.of(),
                Set.of(), live, Set.of()));
            assertEquals(names, store.loadRoutes().clusters().get("cluster-with-a-long-name"));
        }
    }

    private Path realPath() {
        try {
            return storeDir.toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> tableFiles(String stem) throws IOException {
        try (Stream<Path> files = Files.list(storeDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(stem + ".")).sorted().toList();
        }
    }

    private static RouteChange registration(String topicPrefix, int from, int count, long version) {
        return new RouteChange(Map.of("c1", Set.of("broker-a")), Set.of(), Map.of("broker-a", BROKER), Set.of(),
            queues("broker-a", topicPrefix, from, count), Set.of(), Map.of(ADDR, live(version)), Set.of());
    }

    private static Map<TopicBroker, QueueData> queues(String brokerName, String topicPrefix, int from, int count) {
        Map<TopicBroker, QueueData> queues = new HashMap<>();
        for (int i = from; i < from + count; i++) {
            queues.put(new TopicBroker(topicPrefix + i, brokerName), new QueueData(brokerName, 8, 8, 6, 0));
        }
        return queues;
    }

    private static BrokerLiveInfo live(long version) {
        return new BrokerLiveInfo(version, 120_000, new DataVersion(0, version, version), null);
    }
}
