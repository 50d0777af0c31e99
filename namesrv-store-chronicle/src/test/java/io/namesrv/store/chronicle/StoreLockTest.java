package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class StoreLockTest {
    private static final BrokerAddr ADDR = new BrokerAddr("c1", "127.0.0.1:10911");
    private static final BrokerLiveInfo LIVE = new BrokerLiveInfo(1, 120_000, new DataVersion(0, 1, 1), null);

    @TempDir
    Path storeDir;

    private RouteStore open() {
        return new ChronicleRouteStoreProvider().open(TestStores.namesrvConfig(storeDir));
    }

    @Test
    void aSecondOpenInTheSameJvmIsRefusedAndTheFirstStoreKeepsItsLock() throws Exception {
        try (RouteStore first = open()) {
            StoreException refused = assertThrows(StoreException.class, this::open);
            assertEquals("The Chronicle store at " + storeDir.toRealPath() + " is already open in this process; "
                + "one store at a time may open a store directory", refused.getMessage());

            first.putKvConfig("ns", "k", "v");
            assertEquals("v", first.loadKvConfig().get("ns").get("k"), "the first store still works");
            // on Linux a careless second open would have dropped the OS lock: another process must still be refused
            try (ChildJvm child = ChildJvm.start(HoldStoreOpen.class, storeDir.toString())) {
                child.awaitLine("refused: The Chronicle store at " + storeDir.toRealPath()
                    + " is already open in another process; one store at a time may open a store directory");
            }
        }
        try (RouteStore again = open()) {
            assertEquals("v", again.loadKvConfig().get("ns").get("k"), "closing released the lock");
        }
    }

    @Test
    void anOpenWhileAnotherProcessHoldsTheStoreIsRefusedUntilThatProcessDies() throws Exception {
        try (ChildJvm child = ChildJvm.start(HoldStoreOpen.class, storeDir.toString())) {
            child.awaitLine("open");
            StoreException refused = assertThrows(StoreException.class, this::open);
            assertTrue(refused.getMessage().contains(storeDir.toRealPath() + " is already open in another process"),
                refused.getMessage());
            child.kill();
        }
        try (RouteStore store = open()) {
            assertTrue(store.loadRoutes().brokers().isEmpty(), "the OS released the dead process's lock");
        }
    }

    @Test
    void aClosedStoreRefusesWritesAndClosingTwiceIsHarmless() {
        RouteStore store = open();
        store.close();
        store.close();
        StoreException closed = assertThrows(StoreException.class, () -> store.putLive(ADDR, LIVE));
        assertTrue(closed.getMessage().endsWith(" is closed"), closed.getMessage());
    }
}
