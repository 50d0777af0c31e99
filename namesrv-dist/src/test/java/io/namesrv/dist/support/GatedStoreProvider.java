package io.namesrv.dist.support;

import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.RouteStoreProvider;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.core.spi.StoreException;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code storeType=test-gated}: the memory store, opened only when the test opens the gate, as a
 * durable store replaying its files would keep a server waiting. Lets a test watch a server whose
 * store is not open yet.
 */
public final class GatedStoreProvider implements RouteStoreProvider {
    public static final String NAME = "test-gated";
    private static final long MAX_WAIT_SECONDS = 30;
    private static volatile CountDownLatch gate = new CountDownLatch(0);

    /** Stores opened from now on wait until {@link #open()} (at most 30 s). */
    public static void close() {
        gate = new CountDownLatch(1);
    }

    public static void open() {
        gate.countDown();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean durable() {
        return memory().durable();
    }

    /** Looked up when needed: looking it up while ServiceLoader makes this provider would make this provider again. */
    private static RouteStoreProvider memory() {
        return RouteStores.byName("memory", GatedStoreProvider.class.getClassLoader());
    }

    @Override
    public RouteStore open(NamesrvConfig config) {
        try {
            if (!gate.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new StoreException("the test did not open the gate within " + MAX_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the gate", e);
        }
        return memory().open(config);
    }
}
