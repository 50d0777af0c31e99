package io.namesrv.core.route;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;

import java.util.Collection;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Route responses already encoded, per topic and per body format, so a route query that hits the
 * cache costs one lookup and no encoding. Bounded in bytes: Caffeine's W-TinyLFU keeps the topics
 * clients ask for often, and a million topics queried at random do not make a million entries.
 * Every write that changes what a topic's route says goes through {@link #change}.
 *
 * <p>Encoded routes are also kept by their content: a route names no topic, and the topics of one
 * broker group mostly have the same queues, so a million topics on a hundred groups have a few
 * hundred distinct routes. A topic not cached reads its route and takes the bytes of an equal route
 * encoded before: a lookup instead of an encoding. Content entries never go stale (the same content
 * encodes to the same bytes), so no change has to drop them. Such a topic gets an entry of its own
 * only while the bound leaves room for it without evicting another.
 *
 * <p>A reader racing a writer may have read the state before the change: it stores its entry only
 * if no change began since it started reading, checked atomically with the store of that key, and a
 * change removes its topics' entries before it publishes the new state, so an entry read from an
 * older state is never served after the change is published.
 */
public final class EncodedRouteCache {
    /** How many body formats a route is encoded in (fastjson's default form, standard JSON). */
    public static final int FORMATS = 2;
    /**
     * What an entry costs beyond its body and its key's characters: Caffeine's node, the hash
     * table's slot and the key objects, as a heap histogram of a full cache shows them.
     */
    private static final int ENTRY_OVERHEAD_BYTES = 120;

    /** The key of a route in standard JSON; a route in fastjson's form, the most asked, is keyed by the topic itself. */
    private record StandardJsonKey(String topic) {
    }

    /** The key of a route's bytes by what the route says, for every topic whose route says it. */
    private record RouteContent(Object route, int format) {
    }

    private final Cache<Object, byte[]> entries;
    private final Policy.Eviction<Object, byte[]> eviction;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final long maxBytes;
    private final ReentrantLock changeLock = new ReentrantLock();
    /** Even while no change is being published, odd while one is; every change adds two. */
    private volatile long changes;

    /** @param maxBytes what the encoded routes may take of the heap, their keys and bookkeeping included */
    public EncodedRouteCache(long maxBytes) {
        this.maxBytes = maxBytes;
        this.entries = Caffeine.newBuilder()
            .maximumWeight(maxBytes)
            .weigher((Object key, byte[] body) -> weight(key, body))
            .recordStats()
            // eviction on the threads that write, as part of their write: no pool thread of its own
            .executor(Runnable::run)
            .build();
        this.eviction = entries.policy().eviction().orElseThrow();
    }

    /**
     * A topic's entry counts the body it shares with a content entry, which it may outlive; a
     * content entry counts its route as taking as much as the body.
     */
    private static int weight(Object key, byte[] body) {
        if (key instanceof RouteContent) {
            return ENTRY_OVERHEAD_BYTES + 2 * body.length;
        }
        String topic = key instanceof StandardJsonKey standard ? standard.topic() : (String) key;
        return ENTRY_OVERHEAD_BYTES + 2 * topic.length() + body.length;
    }

    private static Object keyOf(String topic, int format) {
        return format == 0 ? topic : new StandardJsonKey(topic);
    }

    /**
     * The encoded route of the topic in the given format: cached for the topic, or read and then
     * taken from an equal route's entry or encoded, cached and returned.
     *
     * @param read   reads the topic's route from the current state: a value whose equals and hashCode
     *               compare what it says; null when the topic has no route (nothing cached)
     * @param encode encodes a route read in this format
     */
    public <R> byte[] get(String topic, int format, Supplier<R> read, Function<? super R, byte[]> encode) {
        if (format < 0 || format >= FORMATS) {
            throw new IllegalArgumentException("format " + format + " is not one of 0.." + (FORMATS - 1));
        }
        Object key = keyOf(topic, format);
        byte[] cached = entries.getIfPresent(key);
        if (cached != null) {
            hits.increment();
            return cached;
        }
        long changesBefore = changes;
        R route = read.get();
        if (route == null) {
            misses.increment();
            return null;
        }
        RouteContent content = new RouteContent(route, format);
        byte[] body = entries.getIfPresent(content);
        if (body != null) {
            hits.increment();
            if (!hasRoomFor(key, body)) {
                // evicting for it would cost more than the lookup it saves: at a million topics queried
                // at random, the eviction took a third of a query's time
                return body;
            }
        } else {
            misses.increment();
            body = encode.apply(route);
            entries.put(content, body);
        }
        storeUnlessChanged(key, body, changesBefore);
        return body;
    }

    private boolean hasRoomFor(Object key, byte[] body) {
        return bytes() + weight(key, body) <= maxBytes;
    }

    /** Stores the topic's entry if no change began since {@code changesBefore}, read before its route. */
    private void storeUnlessChanged(Object key, byte[] body, long changesBefore) {
        if ((changesBefore & 1) == 0) {
            entries.asMap().compute(key, (k, current) -> changes == changesBefore ? body : current);
        }
    }

    /** Publishes a change of these topics' routes; {@code publish} makes the new state visible. */
    public void change(Collection<String> changedTopics, Runnable publish) {
        if (changedTopics.isEmpty()) {
            publish.run();
            return;
        }
        changeLock.lock();
        try {
            changes++;
            for (String topic : changedTopics) {
                entries.invalidate(topic);
                entries.invalidate(new StandardJsonKey(topic));
            }
            publish.run();
            changes++;
        } finally {
            changeLock.unlock();
        }
    }

    /** Publishes a change that may touch every route (a config switch, filter servers). */
    public void changeAll(Runnable publish) {
        changeLock.lock();
        try {
            changes++;
            entries.invalidateAll();
            publish.run();
            changes++;
        } finally {
            changeLock.unlock();
        }
    }

    /** Queries answered from the cache: by their topic's entry or by an equal route's. */
    public long hits() {
        return hits.sum();
    }

    /** Queries that had to encode the route, or found none. */
    public long misses() {
        return misses.sum();
    }

    /** Entries dropped to stay within the bound. */
    public long evictions() {
        return entries.stats().evictionCount();
    }

    public long entryCount() {
        return entries.estimatedSize();
    }

    /** The weight of what is cached, in the bytes the bound counts. */
    public long bytes() {
        return eviction.weightedSize().orElse(0L);
    }

    public long maxBytes() {
        return maxBytes;
    }
}
