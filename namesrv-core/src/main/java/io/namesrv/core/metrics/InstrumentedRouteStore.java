package io.namesrv.core.metrics;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoredRoutes;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A route store that times every call to the store it wraps and counts the calls that failed, by
 * operation. A decorator, so that every provider is measured the same way without knowing it.
 */
public final class InstrumentedRouteStore implements RouteStore, MetricsSource {
    /** The store calls that are measured, named as the SPI methods are. */
    public enum Operation {
        APPLY("apply"),
        PUT_LIVE("putLive"),
        PUT_KV_CONFIG("putKvConfig"),
        DELETE_KV_CONFIG("deleteKvConfig"),
        LOAD_ROUTES("loadRoutes"),
        LOAD_KV_CONFIG("loadKvConfig");

        private final String label;

        Operation(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private record OperationMetrics(LatencyHistogram latency, LongAdder errors) {
    }

    private final RouteStore delegate;
    private final Map<Operation, OperationMetrics> metrics = new EnumMap<>(Operation.class);

    public InstrumentedRouteStore(RouteStore delegate) {
        this.delegate = delegate;
        for (Operation operation : Operation.values()) {
            metrics.put(operation, new OperationMetrics(new LatencyHistogram(), new LongAdder()));
        }
    }

    @Override
    public StoredRoutes loadRoutes() {
        return timed(Operation.LOAD_ROUTES, delegate::loadRoutes);
    }

    @Override
    public void apply(RouteChange change) {
        timed(Operation.APPLY, () -> delegate.apply(change));
    }

    @Override
    public void putLive(BrokerAddr addr, BrokerLiveInfo info) {
        timed(Operation.PUT_LIVE, () -> delegate.putLive(addr, info));
    }

    @Override
    public Map<String, Map<String, String>> loadKvConfig() {
        return timed(Operation.LOAD_KV_CONFIG, delegate::loadKvConfig);
    }

    @Override
    public void putKvConfig(String namespace, String key, String value) {
        timed(Operation.PUT_KV_CONFIG, () -> delegate.putKvConfig(namespace, key, value));
    }

    @Override
    public void deleteKvConfig(String namespace, String key) {
        timed(Operation.DELETE_KV_CONFIG, () -> delegate.deleteKvConfig(namespace, key));
    }

    @Override
    public boolean writesInHeap() {
        return delegate.writesInHeap();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private void timed(Operation operation, Runnable call) {
        timed(operation, () -> {
            call.run();
            return null;
        });
    }

    /** A failed call is timed too: a store that fails slowly (a database timing out) shows as slow. */
    private <T> T timed(Operation operation, Supplier<T> call) {
        OperationMetrics m = metrics.get(operation);
        long start = System.nanoTime();
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            m.errors().increment();
            throw e;
        } finally {
            m.latency().recordSince(start);
        }
    }

    /** How many calls of the operation failed since start. */
    public long errors(Operation operation) {
        return metrics.get(operation).errors().sum();
    }

    /** How many calls of the operation were made since start. */
    public long calls(Operation operation) {
        return metrics.get(operation).latency().count();
    }

    @Override
    public void writeTo(PrometheusText out) {
        out.family("namesrv_store_operation_duration_seconds", "histogram",
            "Time of each call to the route store, failed calls included, by operation");
        metrics.forEach((operation, m) -> out.histogram("namesrv_store_operation_duration_seconds",
            m.latency().snapshot(), "operation", operation.label()));
        out.family("namesrv_store_operation_errors_total", "counter",
            "Calls to the route store that failed, by operation");
        metrics.forEach((operation, m) -> out.sample("namesrv_store_operation_errors_total", m.errors().sum(),
            "operation", operation.label()));
    }
}
