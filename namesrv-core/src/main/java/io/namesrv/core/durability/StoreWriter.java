package io.namesrv.core.durability;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.core.metrics.MetricsSource;
import io.namesrv.core.metrics.PrometheusText;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Gives the store every write, on one thread of its own, and keeps the server from waiting on it
 * longer than a deadline. While the store answers in time, a write is durable before it is
 * acknowledged. When it fails or misses the deadline, the store is behind: route writes go on in
 * memory and are kept, coalesced, in a {@link StoreBacklog}, KV config writes are refused (no broker
 * would send them again), and the backlog is written as soon as the store takes writes again, until
 * the store holds exactly what the memory does.
 *
 * <p>Why one thread: writes reach the store in the order they were made, and a catch-up is queued
 * behind a write that missed its deadline, so an old write that lands late is overwritten by the
 * backlog rather than the other way round.
 *
 * <p>A store that {@linkplain RouteStore#writesInHeap() writes into this process's heap} is written on
 * the caller's thread, under the caller's lock: it cannot keep the caller waiting, and the hand-over
 * to the writer's thread and back would cost two thread switches per write. Its failures still put
 * it behind, and its catch-up still runs on the writer's thread.
 */
public final class StoreWriter implements MetricsSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreWriter.class);
    private static final long STILL_BEHIND_LOG_INTERVAL_MILLIS = 60_000;
    /** A driver's message can quote a whole statement: a client's remark gets its beginning. */
    private static final int REMARK_CAUSE_CHARS = 200;

    private final RouteStore store;
    private final long deadlineMillis;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor thread;
    private final boolean writesInHeap;
    private final LongAdder fellBehind = new LongAdder();

    // guarded by this
    private StoreBacklog backlog;
    private int keysInFlight;
    private String cause;
    private long behindSinceMillis;
    private long stillBehindLoggedAtMillis;
    private int replayed;
    private int steps;
    private volatile long lastWriteMillis;

    public StoreWriter(RouteStore store, long deadlineMillis, Clock clock) {
        this.store = store;
        this.deadlineMillis = deadlineMillis;
        this.clock = clock;
        this.writesInHeap = store.writesInHeap();
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "namesrv-store-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** A change of the route tables: stored within the deadline, or kept for the store to catch up. */
    public void apply(RouteChange change) {
        writeThrough(() -> store.apply(change), waiting -> waiting.add(change));
    }

    /** A heartbeat's live entry: stored within the deadline, or kept for the store to catch up. */
    public void putLive(BrokerAddr addr, BrokerLiveInfo info) {
        writeThrough(() -> store.putLive(addr, info), waiting -> waiting.addLive(addr, info));
    }

    /**
     * Stores a KV entry, or refuses it when the store is behind or does not take it in time.
     *
     * @param current the value the memory holds, null if none: what the store must hold if refused
     * @throws StoreUnavailableException when refused
     */
    public void putKvConfig(String namespace, String key, String value, String current) {
        writeKvConfig(() -> store.putKvConfig(namespace, key, value), namespace, key, current);
    }

    /** As {@link #putKvConfig}, for a removal. */
    public void deleteKvConfig(String namespace, String key, String current) {
        writeKvConfig(() -> store.deleteKvConfig(namespace, key), namespace, key, current);
    }

    private void writeKvConfig(Runnable write, String namespace, String key, String current) {
        // a write that missed the deadline may land later: the backlog puts back what the memory holds
        if (!writeThrough(write, waiting -> waiting.addKvConfig(namespace, key, current))) {
            StoreStatus status = status();
            throw new StoreUnavailableException("KV config not written: the store is behind since "
                + Instant.ofEpochMilli(status.behindSinceMillis()) + " (" + abbreviated(status.cause())
                + "); KV writes are refused until it has caught up");
        }
    }

    private static String abbreviated(String cause) {
        return cause.length() <= REMARK_CAUSE_CHARS ? cause : cause.substring(0, REMARK_CAUSE_CHARS) + "...";
    }

    /** @return true when the store took the write, false when it was kept in the backlog */
    private boolean writeThrough(Runnable write, Consumer<StoreBacklog> keep) {
        synchronized (this) {
            if (backlog != null) {
                keep.accept(backlog);
                return false;
            }
        }
        if (writesInHeap) {
            return writeOnCallersThread(write, keep);
        }
        Future<?> written = thread.submit(write);
        try {
            written.get(deadlineMillis, TimeUnit.MILLISECONDS);
            lastWriteMillis = clock.millis();
            return true;
        } catch (TimeoutException e) {
            fallBehind("no answer within " + deadlineMillis + " ms", keep);
        } catch (ExecutionException e) {
            fallBehind(e.getCause().toString(), keep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fallBehind("interrupted while waiting for the store", keep);
        }
        return false;
    }

    private boolean writeOnCallersThread(Runnable write, Consumer<StoreBacklog> keep) {
        try {
            write.run();
        } catch (RuntimeException e) {
            fallBehind(e.toString(), keep);
            return false;
        }
        lastWriteMillis = clock.millis();
        return true;
    }

    private synchronized void fallBehind(String why, Consumer<StoreBacklog> keep) {
        if (backlog == null) {
            backlog = new StoreBacklog();
            cause = why;
            behindSinceMillis = clock.millis();
            stillBehindLoggedAtMillis = behindSinceMillis;
            replayed = 0;
            steps = 0;
            fellBehind.increment();
            log.warn("The store fell behind: {}. Routes are changed and served from memory and kept for the store;"
                + " KV config writes are refused until it has caught up", why);
            catchUpIn(0);
        }
        keep.accept(backlog);
    }

    /** One step on the writer's thread: the whole backlog in one write; then the next, until none is left. */
    private void catchUp() {
        StoreBacklog step;
        synchronized (this) {
            if (backlog.isEmpty()) {
                log.info("The store has caught up: {} key(s) written in {} step(s) after {} ms behind",
                    replayed, steps, clock.millis() - behindSinceMillis);
                backlog = null;
                cause = null;
                behindSinceMillis = 0;
                return;
            }
            step = backlog;
            backlog = new StoreBacklog();
            keysInFlight = step.size();
        }
        try {
            step.writeTo(store);
        } catch (RuntimeException | Error e) {
            retryLater(step, e);
            return;
        }
        lastWriteMillis = clock.millis();
        synchronized (this) {
            keysInFlight = 0;
            replayed += step.size();
            steps++;
        }
        catchUpIn(0);
    }

    /** Queues the next catch-up step on the writer's thread, unless it is closing. */
    private void catchUpIn(long delayMillis) {
        try {
            thread.schedule(this::catchUp, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("No catch-up step: the store writer is closed");
        }
    }

    /** Puts a step the store did not take back under what was written since, and tries again after the deadline. */
    private synchronized void retryLater(StoreBacklog step, Throwable failure) {
        keysInFlight = 0;
        backlog.addOlder(step);
        cause = failure.toString();
        long now = clock.millis();
        if (now - stillBehindLoggedAtMillis >= STILL_BEHIND_LOG_INTERVAL_MILLIS) {
            stillBehindLoggedAtMillis = now;
            log.warn("The store is still behind after {} s, {} key(s) waiting: {}", (now - behindSinceMillis) / 1000,
                backlog.size(), cause);
        } else {
            log.debug("The store did not take the backlog: {}", cause);
        }
        catchUpIn(deadlineMillis);
    }

    public synchronized StoreStatus status() {
        return new StoreStatus(backlog != null, cause, behindSinceMillis, backlog == null ? 0 : backlog.size() + keysInFlight,
            lastWriteMillis);
    }

    @Override
    public void writeTo(PrometheusText out) {
        StoreStatus status = status();
        out.family("namesrv_store_behind", "gauge", "1 while the store lacks changes the memory holds (they wait in the backlog), else 0")
            .sample("namesrv_store_behind", status.behind() ? 1 : 0);
        out.family("namesrv_store_backlog", "gauge", "Keys of the route tables and KV config waiting to be written to the store")
            .sample("namesrv_store_backlog", status.backlog());
        out.family("namesrv_store_last_write_timestamp_seconds", "gauge", "When the store last took a write (Unix time), 0 if never since start")
            .sample("namesrv_store_last_write_timestamp_seconds", status.lastWriteMillis() / 1000.0);
        out.family("namesrv_store_fell_behind_total", "counter", "Times the store failed or missed its deadline and fell behind")
            .sample("namesrv_store_fell_behind_total", fellBehind.sum());
    }

    /**
     * Gives a store that is behind one more chance, as long as the deadline, to catch up; then stops
     * the writer's thread. What is still in the backlog is lost with the process, and logged.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(deadlineMillis, TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.shutdownNow();
        }
        StoreStatus status = status();
        if (status.behind()) {
            log.warn("Closing with the store behind since {} ({}): {} key(s) were not written; the brokers register"
                + " them again after the restart", Instant.ofEpochMilli(status.behindSinceMillis()),
                status.cause(), status.backlog());
        }
    }
}
