package io.namesrv.core.route;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Route responses already encoded, per topic and per body format, so a route query that hits the
 * cache costs one map lookup and no encoding. Every write that changes what a topic's route says
 * goes through {@link #change}, which marks the topics changed while it publishes the new state.
 *
 * <p>Entries are stamped with the version that was published when their route was read; an entry
 * is valid while no change of its topic came after that version. A reader racing a writer may
 * store an entry read from the state before the change: it is stamped with the older version, so
 * it is never served after the change is published.
 */
public final class EncodedRouteCache {
    /** How many body formats a route is encoded in (fastjson's default form, standard JSON). */
    public static final int FORMATS = 2;

    private record Entry(long version, byte[] body) {
    }

    /**
     * A topic's entries, one per format, and the version of the last change of its route: fields,
     * not an array, as every indirection on a hit is a likely cache miss with thousands of topics.
     */
    private static final class TopicEntries {
        private volatile Entry fastjsonDefault;
        private volatile Entry standardJson;
        private volatile long changedAt;

        Entry get(int format) {
            return format == 0 ? fastjsonDefault : standardJson;
        }

        void set(int format, Entry entry) {
            if (format == 0) {
                fastjsonDefault = entry;
            } else {
                standardJson = entry;
            }
        }

        void changed(long version) {
            changedAt = version;
            fastjsonDefault = null;
            standardJson = null;
        }
    }

    /** One map for both formats and the change versions, so that a hit costs one lookup. */
    private final Map<String, TopicEntries> topics = new ConcurrentHashMap<>();
    private final ReentrantLock changeLock = new ReentrantLock();
    private long lastVersion;
    private volatile long publishedVersion;
    private volatile long allChangedAt;

    /**
     * The encoded route of the topic in the given format: cached, or built, cached and returned.
     *
     * @param build reads the current state and encodes it; null when the topic has no route (not cached)
     */
    public byte[] get(String topic, int format, Supplier<byte[]> build) {
        if (format < 0 || format >= FORMATS) {
            throw new IllegalArgumentException("format " + format + " is not one of 0.." + (FORMATS - 1));
        }
        long version = publishedVersion;
        TopicEntries cached = topics.get(topic);
        if (cached != null) {
            Entry entry = cached.get(format);
            if (entry != null && entry.version() >= allChangedAt && entry.version() >= cached.changedAt) {
                return entry.body();
            }
        }
        byte[] body = build.get();
        if (body != null) {
            if (cached == null) {
                cached = topics.computeIfAbsent(topic, t -> new TopicEntries());
            }
            cached.set(format, new Entry(version, body));
        }
        return body;
    }

    /** Publishes a change of these topics' routes; {@code publish} makes the new state visible. */
    public void change(Collection<String> changedTopics, Runnable publish) {
        if (changedTopics.isEmpty()) {
            publish.run();
            return;
        }
        changeLock.lock();
        try {
            long version = ++lastVersion;
            for (String topic : changedTopics) {
                // also for a topic never cached: a reader may be caching what it read before this change
                this.topics.computeIfAbsent(topic, t -> new TopicEntries()).changed(version);
            }
            publish.run();
            publishedVersion = version;
        } finally {
            changeLock.unlock();
        }
    }

    /** Publishes a change that may touch every route (a config switch, filter servers). */
    public void changeAll(Runnable publish) {
        changeLock.lock();
        try {
            long version = ++lastVersion;
            allChangedAt = version;
            // every entry is older than allChangedAt now, whatever its topic's own change version
            topics.clear();
            publish.run();
            publishedVersion = version;
        } finally {
            changeLock.unlock();
        }
    }
}
