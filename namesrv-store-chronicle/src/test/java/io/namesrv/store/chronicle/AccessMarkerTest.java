package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoredRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chronicle's recovery (a read and check of every entry) runs after an unclean stop only when the
 * process may have died inside an access to the tables.
 */
@Timeout(120)
class AccessMarkerTest {
    @TempDir
    Path storeDir;

    @Test
    void aProcessKilledBetweenAccessesLeavesAStoreThatOpensWithoutRecovery() throws Exception {
        try (ChildJvm child = ChildJvm.start(ApplyThenWait.class, storeDir.toString())) {
            child.awaitLine("acked");
            child.kill();
        }
        assertFalse(Files.exists(storeDir.resolve(CleanShutdownMarker.FILE_NAME)), "the writer did not close");
        try (ChronicleRouteStore store = open()) {
            assertFalse(store.tables().recovered());
            StoredRoutes routes = store.loadRoutes();
            assertEquals(ApplyThenWait.TOPICS, routes.topicQueues().size());
            store.apply(ApplyThenWait.registration());
        }
    }

    @Test
    void aProcessThatDiedInsideAnAccessLeavesAStoreThatOpensWithRecovery() throws Exception {
        try (ChronicleRouteStore store = open()) {
            store.apply(ApplyThenWait.registration());
        }
        // what a process killed inside a read or a write leaves: no clean-close marker, the access marker set
        Files.delete(storeDir.resolve(CleanShutdownMarker.FILE_NAME));
        Files.write(storeDir.resolve(AccessMarker.FILE_NAME), new byte[] {1});
        try (ChronicleRouteStore store = open()) {
            assertTrue(store.tables().recovered());
            assertEquals(ApplyThenWait.TOPICS, store.loadRoutes().topicQueues().size());
        }
        try (ChronicleRouteStore store = open()) {
            assertFalse(store.tables().recovered(), "closed cleanly");
        }
    }

    @Test
    void aStoreWithoutTheMarkerThatWasNotClosedCleanlyOpensWithRecovery() throws Exception {
        try (ChronicleRouteStore store = open()) {
            store.apply(ApplyThenWait.registration());
        }
        // a store written before the marker existed, by a process that did not close it
        Files.delete(storeDir.resolve(CleanShutdownMarker.FILE_NAME));
        Files.delete(storeDir.resolve(AccessMarker.FILE_NAME));
        try (ChronicleRouteStore store = open()) {
            assertTrue(store.tables().recovered());
            assertEquals(ApplyThenWait.TOPICS, store.loadRoutes().topicQueues().size());
        }
    }

    @Test
    void theMarkerIsClearBetweenAccessesAndSetDuringOne() throws Exception {
        try (ChronicleRouteStore store = open()) {
            assertFalse(AccessMarker.cutShort(storeDir), "clear once the store is open and checked");
            store.apply(ApplyThenWait.registration());
            assertFalse(AccessMarker.cutShort(storeDir));
            store.tables().access().enter();
            assertTrue(AccessMarker.cutShort(storeDir));
            store.tables().access().exit();
            assertFalse(AccessMarker.cutShort(storeDir));
        }
    }

    private ChronicleRouteStore open() {
        return (ChronicleRouteStore) new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(storeDir));
    }
}
