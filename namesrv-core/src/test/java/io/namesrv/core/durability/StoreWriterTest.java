package io.namesrv.core.durability;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoreException;
import io.namesrv.core.spi.StoredRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class StoreWriterTest {
    private static final BrokerAddr ADDR = new BrokerAddr("c", "127.0.0.1:10911");

    @Test
    void aCatchUpStepTheStoreRefusesNeverOverwritesWhatWasWrittenSince() throws Exception {
        LiveTableStore store = new LiveTableStore();
        try (StoreWriter writer = new StoreWriter(store, 200, Clock.systemUTC())) {
            store.failing = true;
            writer.putLive(ADDR, live(1));
            assertTrue(writer.status().behind());

            CountDownLatch stepStarted = new CountDownLatch(1);
            CountDownLatch stepMayFail = new CountDownLatch(1);
            store.beforeWrite = () -> {
                stepStarted.countDown();
                await(stepMayFail);
                throw new StoreException("fails after a newer write was made (test)");
            };
            stepStarted.await();
            writer.putLive(ADDR, live(2));
            store.beforeWrite = () -> { };
            store.failing = false;
            stepMayFail.countDown();

            awaitInStep(writer);
            assertEquals(live(2), store.live.get(ADDR), "the newer write, not the step that failed");
        }
    }

    @Test
    void aKvWriteIsRefusedWhileBehindAndTheStoreEndsWithWhatTheMemoryHolds() throws Exception {
        LiveTableStore store = new LiveTableStore();
        try (StoreWriter writer = new StoreWriter(store, 200, Clock.systemUTC())) {
            writer.putKvConfig("ns", "k", "v1", null);
            store.failing = true;
            assertThrows(StoreUnavailableException.class, () -> writer.putKvConfig("ns", "k", "v2", "v1"));
            assertThrows(StoreUnavailableException.class, () -> writer.deleteKvConfig("ns", "k", "v1"));
            assertEquals(1, writer.status().backlog());
            store.failing = false;

            awaitInStep(writer);
            assertEquals(Map.of("k", "v1"), store.kv.get("ns"));
            assertFalse(writer.status().behind());
            assertEquals(0, writer.status().backlog());
        }
    }

    @Test
    void aStoreInTheHeapIsWrittenOnTheCallersThreadAndStillCatchesUpAfterAFailure() throws Exception {
        LiveTableStore store = new LiveTableStore();
        store.inHeap = true;
        try (StoreWriter writer = new StoreWriter(store, 200, Clock.systemUTC())) {
            writer.putLive(ADDR, live(1));
            assertEquals(Thread.currentThread(), store.lastWriter);

            store.failing = true;
            writer.putLive(ADDR, live(2));
            assertTrue(writer.status().behind());
            assertThrows(StoreUnavailableException.class, () -> writer.putKvConfig("ns", "k", "v", null));
            store.failing = false;

            awaitInStep(writer);
            assertEquals(live(2), store.live.get(ADDR));
            writer.putLive(ADDR, live(3));
            assertEquals(Thread.currentThread(), store.lastWriter);
            assertEquals(live(3), store.live.get(ADDR));
        }
    }

    private static BrokerLiveInfo live(long timestamp) {
        return new BrokerLiveInfo(timestamp, 120_000, new DataVersion(1, 1, 0), "127.0.0.1:10912");
    }

    private static void awaitInStep(StoreWriter writer) throws InterruptedException {
        while (writer.status().behind()) {
            Thread.sleep(10);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live table and KV config in maps; fails or pauses each write on demand. */
    private static final class LiveTableStore implements RouteStore {
        final Map<BrokerAddr, BrokerLiveInfo> live = new ConcurrentHashMap<>();
        final Map<String, Map<String, String>> kv = new ConcurrentHashMap<>();
        volatile boolean failing;
        volatile Runnable beforeWrite = () -> { };
        volatile boolean inHeap;
        volatile Thread lastWriter;

        private void write() {
            lastWriter = Thread.currentThread();
            beforeWrite.run();
            if (failing) {
                throw new StoreException("down (test)");
            }
        }

        @Override
        public boolean writesInHeap() {
            return inHeap;
        }

        @Override
        public StoredRoutes loadRoutes() {
            return StoredRoutes.EMPTY;
        }

        @Override
        public void apply(RouteChange change) {
            write();
            live.keySet().removeAll(change.liveRemoved());
            live.putAll(change.livePut());
        }

        @Override
        public void putLive(BrokerAddr addr, BrokerLiveInfo info) {
            write();
            live.put(addr, info);
        }

        @Override
        public Map<String, Map<String, String>> loadKvConfig() {
            return kv;
        }

        @Override
        public void putKvConfig(String namespace, String key, String value) {
            write();
            kv.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(key, value);
        }

        @Override
        public void deleteKvConfig(String namespace, String key) {
            write();
            Map<String, String> entries = kv.get(namespace);
            if (entries != null) {
                entries.remove(key);
            }
        }

        @Override
        public void close() {
        }
    }
}
