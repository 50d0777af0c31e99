package io.namesrv.store.chronicle;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoredRoutes;
import io.namesrv.core.spi.TopicBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.namesrv.store.chronicle.Consistency.assertConsistent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash between two writes of a change, simulated by writing only the first writes of its plan
 * straight into the tables, for every possible cut; the store opened afterwards must hold the
 * tables as they were before the change or after it, never a mix.
 */
@Timeout(120)
class CrashRepairTest {
    private static final String A = "127.0.0.1:10911";
    private static final String A_SLAVE = "127.0.0.1:10921";
    private static final String B = "127.0.0.1:20911";

    @TempDir
    Path tempDir;
    private final ListAppender<ILoggingEvent> repairLog = new ListAppender<>();
    private final Logger repairLogger = (Logger) LoggerFactory.getLogger(IntegrityRepair.class);

    @BeforeEach
    void captureRepairLog() {
        repairLog.start();
        repairLogger.addAppender(repairLog);
    }

    @AfterEach
    void releaseRepairLog() {
        repairLogger.detachAppender(repairLog);
    }

    @Test
    void aFirstRegistrationCutShortIsUndone() throws IOException {
        assertEveryCutGivesBeforeOrAfter(List.of(), registration("broker-a", A, 0, Set.of("broker-a"), 3, 8, 1),
            WhenComplete.AFTER_LAST_WRITE);
    }

    @Test
    void aBrokerJoiningAClusterCutShortIsUndone() throws IOException {
        assertEveryCutGivesBeforeOrAfter(List.of(registration("broker-a", A, 0, Set.of("broker-a"), 3, 8, 1)),
            registration("broker-b", B, 0, Set.of("broker-a", "broker-b"), 2, 4, 1), WhenComplete.AFTER_LAST_WRITE);
    }

    @Test
    void aSlaveJoiningItsGroupCutShortIsUndone() throws IOException {
        RouteChange slave = new RouteChange(Map.of(), Set.of(), Map.of("broker-a", brokerData("broker-a", Map.of(0L, A, 1L, A_SLAVE))),
            Set.of(), Map.of(), Set.of(), Map.of(addr(A_SLAVE), live(1)), Set.of());
        assertEveryCutGivesBeforeOrAfter(List.of(registration("broker-a", A, 0, Set.of("broker-a"), 3, 8, 1)), slave,
            WhenComplete.AFTER_LAST_WRITE);
    }

    @Test
    void theLastBrokerLeavingCutShortIsFinished() throws IOException {
        RouteChange removal = new RouteChange(Map.of(), Set.of("c1"), Map.of(), Set.of("broker-a"), Map.of(),
            topics("broker-a", 3), Map.of(), Set.of(addr(A)));
        assertEveryCutGivesBeforeOrAfter(List.of(registration("broker-a", A, 0, Set.of("broker-a"), 3, 8, 1)), removal,
            WhenComplete.AFTER_FIRST_WRITE);
    }

    @Test
    void aBrokerLeavingAClusterCutShortIsFinished() throws IOException {
        RouteChange removal = new RouteChange(Map.of("c1", Set.of("broker-a")), Set.of(), Map.of(), Set.of("broker-b"),
            Map.of(), topics("broker-b", 2), Map.of(), Set.of(addr(B)));
        assertEveryCutGivesBeforeOrAfter(List.of(registration("broker-a", A, 0, Set.of("broker-a"), 3, 8, 1),
                registration("broker-b", B, 0, Set.of("broker-a", "broker-b"), 2, 4, 1)), removal,
            WhenComplete.AFTER_FIRST_WRITE);
    }

    @Test
    void aReRegistrationCutShortKeepsTheOldDataVersionSoTheBrokersRetryRewritesItsQueues() throws IOException {
        RouteChange first = registration("broker-a", A, 0, Set.of("broker-a"), 3, 8, 1);
        Map<TopicBroker, QueueData> fewerQueues = new HashMap<>();
        topics("broker-a", 3).forEach(key -> fewerQueues.put(key, new QueueData("broker-a", 4, 4, 6, 0)));
        RouteChange second = new RouteChange(Map.of(), Set.of(), Map.of(), Set.of(), fewerQueues, Set.of(),
            Map.of(addr(A), live(2)), Set.of());
        List<TableWrite> plan = WritePlan.of(second);

        for (int cut = 0; cut < plan.size(); cut++) {
            Path dir = Files.createDirectories(tempDir.resolve("cut-" + cut));
            applyWhole(dir, List.of(first));
            writeStraightIntoTables(dir, plan.subList(0, cut));
            StoredRoutes routes = load(dir);
            assertConsistent(routes);
            assertEquals(live(1), routes.live().get(addr(A)), "cut after " + cut + " writes: the old live entry stays");
        }
        assertTrue(repairLog.list.isEmpty(), "nothing to repair: " + repairLog.list);
    }

    @Test
    void inconsistentTablesWrittenByHandAreRepairedAndTheRepairLogged() {
        Path dir = tempDir;
        RouteChange consistentPart = registration("broker-a", A, 0, Set.of("broker-a", "ghost"), 2, 8, 1);
        List<TableWrite> inconsistent = List.of(
            // queue data of a group that is gone
            TableWrite.put(Table.TOPIC_QUEUES, Keys.topicBroker(new TopicBroker("topic-0", "ghost")),
                Values.queue(new QueueData("ghost", 1, 1, 6, 0))),
            // a live entry of an address no group lists
            TableWrite.put(Table.LIVE, Keys.brokerAddr(new BrokerAddr("c1", "10.0.0.9:10911")), Values.live(live(1))),
            // a group whose cluster does not list it
            TableWrite.put(Table.BROKERS, Keys.name("broker-b"), Values.broker(new BrokerData("c2", "broker-b",
                new TreeMap<>(Map.of(0L, B)), null, false))),
            TableWrite.put(Table.LIVE, Keys.brokerAddr(new BrokerAddr("c2", B)), Values.live(live(1))),
            // a group whose only address never got its live entry, and its queues
            TableWrite.put(Table.BROKERS, Keys.name("broker-c"), Values.broker(new BrokerData("c1", "broker-c",
                new TreeMap<>(Map.of(0L, "127.0.0.1:30911")), null, false))),
            TableWrite.put(Table.TOPIC_QUEUES, Keys.topicBroker(new TopicBroker("only-c", "broker-c")),
                Values.queue(new QueueData("broker-c", 2, 2, 6, 0))));
        writeStraightIntoTables(dir, WritePlan.of(consistentPart));
        writeStraightIntoTables(dir, inconsistent);

        StoredRoutes routes = load(dir);

        assertConsistent(routes);
        assertEquals(Map.of("c1", Set.of("broker-a"), "c2", Set.of("broker-b")), routes.clusters());
        assertEquals(Set.of("broker-a", "broker-b"), routes.brokers().keySet());
        assertEquals(Set.of("topic-0", "topic-1"), routes.topicQueues().keySet());
        assertEquals(Set.of("broker-a"), routes.topicQueues().get("topic-0").keySet());
        assertEquals(Set.of(addr(A), new BrokerAddr("c2", B)), routes.live().keySet());

        String logged = String.join("\n", repairLog.list.stream()
            .filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList());
        assertTrue(logged.contains("1 broker addresses without a live entry") && logged.contains("broker-c[0]=127.0.0.1:30911"), logged);
        assertTrue(logged.contains("2 queue entries of broker groups that are gone removed")
            && logged.contains("topic-0@ghost") && logged.contains("only-c@broker-c"), logged);
        assertTrue(logged.contains("1 live entries of addresses no broker group lists removed (c1/10.0.0.9:10911)"), logged);
        assertTrue(logged.contains("c1[broker-a, ghost]->[broker-a]") && logged.contains("c2[]->[broker-b]"), logged);

        repairLog.list.clear();
        load(dir);
        assertTrue(repairLog.list.isEmpty(), "a repaired store needs no second repair");
    }

    @Test
    void aStoreWhoseProcessDiedInsideAnAccessIsOpenedWithChroniclesRecoveryAndKeepsItsData() throws IOException {
        Path dir = tempDir;
        applyWhole(dir, List.of(registration("broker-a", A, 0, Set.of("broker-a"), 3, 8, 1)));
        // not closed cleanly, and inside a read or a write (AccessMarkerTest has the other cases)
        Files.delete(dir.resolve(CleanShutdownMarker.FILE_NAME));
        Files.write(dir.resolve(AccessMarker.FILE_NAME), new byte[] {1});

        try (RouteTables tables = RouteTables.open(ChronicleSettings.from(TestStores.namesrvConfig(dir)))) {
            assertTrue(tables.recovered());
            assertEquals(3, RouteReader.read(tables).topicQueues().size());
        }
        try (RouteTables tables = RouteTables.open(ChronicleSettings.from(TestStores.namesrvConfig(dir)))) {
            assertFalse(tables.recovered(), "closed cleanly this time");
        }
    }

    private enum WhenComplete { AFTER_FIRST_WRITE, AFTER_LAST_WRITE }

    private void assertEveryCutGivesBeforeOrAfter(List<RouteChange> setUp, RouteChange change, WhenComplete whenComplete)
        throws IOException {
        Path reference = Files.createDirectories(tempDir.resolve("reference"));
        StoredRoutes before = applyWhole(reference, setUp);
        StoredRoutes after = applyWhole(reference, List.of(change));
        assertFalse(before.equals(after));

        List<TableWrite> plan = WritePlan.of(change);
        for (int cut = 0; cut <= plan.size(); cut++) {
            Path dir = Files.createDirectories(tempDir.resolve("cut-" + cut));
            applyWhole(dir, setUp);
            writeStraightIntoTables(dir, plan.subList(0, cut));

            StoredRoutes routes = load(dir);
            boolean complete = whenComplete == WhenComplete.AFTER_FIRST_WRITE ? cut >= 1 : cut == plan.size();
            assertEquals(complete ? after : before, routes, "cut after " + cut + " of " + plan.size() + " writes");
        }
    }

    private static StoredRoutes applyWhole(Path dir, List<RouteChange> changes) {
        try (RouteStore store = new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(dir))) {
            changes.forEach(store::apply);
            return store.loadRoutes();
        }
    }

    /** Writes as the store would have before a crash, without the store's repair or undo. */
    private static void writeStraightIntoTables(Path dir, List<TableWrite> writes) {
        try (RouteTables tables = RouteTables.open(ChronicleSettings.from(TestStores.namesrvConfig(dir)))) {
            writes.forEach(write -> write.applyTo(tables));
        }
    }

    private static StoredRoutes load(Path dir) {
        NamesrvConfig config = TestStores.namesrvConfig(dir);
        try (RouteStore store = new ChronicleRouteStoreProvider().open(config)) {
            return store.loadRoutes();
        }
    }

    private static RouteChange registration(String brokerName, String address, long id, Set<String> clusterMembers,
                                            int topics, int queueNums, long version) {
        Map<TopicBroker, QueueData> queues = new HashMap<>();
        topics(brokerName, topics).forEach(key -> queues.put(key, new QueueData(brokerName, queueNums, queueNums, 6, 0)));
        return new RouteChange(Map.of("c1", clusterMembers), Set.of(),
            Map.of(brokerName, brokerData(brokerName, Map.of(id, address))), Set.of(), queues, Set.of(),
            Map.of(addr(address), live(version)), Set.of());
    }

    private static Set<TopicBroker> topics(String brokerName, int count) {
        Set<TopicBroker> keys = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            keys.add(new TopicBroker("topic-" + i, brokerName));
        }
        return keys;
    }

    private static BrokerData brokerData(String brokerName, Map<Long, String> addrs) {
        return new BrokerData("c1", brokerName, new TreeMap<>(addrs), null, false);
    }

    private static BrokerAddr addr(String address) {
        return new BrokerAddr("c1", address);
    }

    private static BrokerLiveInfo live(long version) {
        return new BrokerLiveInfo(1_000 * version, 120_000, new DataVersion(0, 1_000 + version, version), null);
    }
}
