package io.namesrv.core.metrics;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.core.metrics.InstrumentedRouteStore.Operation;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoreException;
import io.namesrv.core.spi.StoredRoutes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstrumentedRouteStoreTest {
    private static final RouteChange EMPTY_CHANGE =
        new RouteChange(Map.of(), Set.of(), Map.of(), Set.of(), Map.of(), Set.of(), Map.of(), Set.of());

    /** A store that records what reaches it and refuses writes while {@code failing}, as a database that went away. */
    private static final class RecordingStore implements RouteStore {
        final List<String> calls = new ArrayList<>();
        boolean failing;

        private void call(String name) {
            calls.add(name);
            if (failing) {
                throw new StoreException("database unreachable");
            }
        }

        @Override
        public StoredRoutes loadRoutes() {
            call("loadRoutes");
            return StoredRoutes.EMPTY;
        }

        @Override
        public void apply(RouteChange change) {
            call("apply");
        }

        @Override
        public void putLive(BrokerAddr addr, BrokerLiveInfo info) {
            call("putLive");
        }

        @Override
        public Map<String, Map<String, String>> loadKvConfig() {
            call("loadKvConfig");
            return Map.of();
        }

        @Override
        public void putKvConfig(String namespace, String key, String value) {
            call("putKvConfig");
        }

        @Override
        public void deleteKvConfig(String namespace, String key) {
            call("deleteKvConfig");
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    private final RecordingStore delegate = new RecordingStore();
    private final InstrumentedRouteStore store = new InstrumentedRouteStore(delegate);

    @Test
    void everyCallReachesTheStoreAndIsCountedByOperation() {
        assertSame(StoredRoutes.EMPTY, store.loadRoutes());
        store.loadKvConfig();
        store.apply(EMPTY_CHANGE);
        store.apply(EMPTY_CHANGE);
        store.putLive(new BrokerAddr("c", "127.0.0.1:10911"), new BrokerLiveInfo(1, 120_000, new DataVersion(0, 1, 1), null));
        store.putKvConfig("ns", "k", "v");
        store.deleteKvConfig("ns", "k");
        store.close();

        assertEquals(List.of("loadRoutes", "loadKvConfig", "apply", "apply", "putLive", "putKvConfig", "deleteKvConfig",
            "close"), delegate.calls);
        assertEquals(2, store.calls(Operation.APPLY));
        for (Operation operation : List.of(Operation.LOAD_ROUTES, Operation.LOAD_KV_CONFIG, Operation.PUT_LIVE,
            Operation.PUT_KV_CONFIG, Operation.DELETE_KV_CONFIG)) {
            assertEquals(1, store.calls(operation), operation.label());
            assertEquals(0, store.errors(operation), operation.label());
        }
    }

    @Test
    void aFailedCallIsCountedAsAnErrorAndTimedAndTheFailureStillReachesTheCaller() {
        delegate.failing = true;
        StoreException e = assertThrows(StoreException.class, () -> store.apply(EMPTY_CHANGE));
        assertEquals("database unreachable", e.getMessage());
        assertThrows(StoreException.class, () -> store.putKvConfig("ns", "k", "v"));

        assertEquals(1, store.errors(Operation.APPLY));
        assertEquals(1, store.calls(Operation.APPLY));
        assertEquals(1, store.errors(Operation.PUT_KV_CONFIG));
        assertEquals(0, store.errors(Operation.PUT_LIVE));
    }

    @Test
    void itsFamiliesListEveryOperation() {
        delegate.failing = true;
        assertThrows(StoreException.class, () -> store.apply(EMPTY_CHANGE));
        PrometheusText out = new PrometheusText();
        store.writeTo(out);
        String text = out.toString();
        assertTrue(text.contains("# TYPE namesrv_store_operation_duration_seconds histogram\n"), text);
        assertTrue(text.contains("namesrv_store_operation_duration_seconds_count{operation=\"apply\"} 1\n"), text);
        assertTrue(text.contains("namesrv_store_operation_errors_total{operation=\"apply\"} 1\n"), text);
        for (Operation operation : Operation.values()) {
            assertTrue(text.contains("namesrv_store_operation_errors_total{operation=\"" + operation.label() + "\"} "),
                operation.label());
        }
    }
}
