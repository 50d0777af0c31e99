package io.namesrv.core.kv;

import io.namesrv.core.durability.StoreWriter;
import io.namesrv.core.route.EncodedRouteCache;
import io.namesrv.core.spi.RouteStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Namespaced key/value configuration. Writes go to the store first and are serialized, so the
 * store and the memory agree on the last write to a key. No broker sends it again, so a write the
 * store cannot take in time is refused rather than kept in memory only.
 */
public final class KvConfigManager {
    public static final String NAMESPACE_ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";
    private static final Logger log = LoggerFactory.getLogger(KvConfigManager.class);

    private final RouteStore store;
    private final StoreWriter storeWriter;
    private final EncodedRouteCache routeCache;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, Map<String, String>> table = new ConcurrentHashMap<>();

    public KvConfigManager(RouteStore store, StoreWriter storeWriter, EncodedRouteCache routeCache) {
        this.store = store;
        this.storeWriter = storeWriter;
        this.routeCache = routeCache;
    }

    /** An order-topic entry is part of its topic's route: the cached route must go with the old value. */
    private void publish(String namespace, String key, Runnable change) {
        routeCache.change(NAMESPACE_ORDER_TOPIC_CONFIG.equals(namespace) ? Set.of(key) : Set.of(), change);
    }

    public void load() {
        Map<String, Map<String, String>> stored = store.loadKvConfig();
        table.clear();
        stored.forEach((namespace, entries) -> table.put(namespace, new ConcurrentHashMap<>(entries)));
        log.info("Loaded {} KV config namespace(s) from the store", table.size());
    }

    public void put(String namespace, String key, String value) {
        writeLock.lock();
        try {
            String previous = get(namespace, key);
            storeWriter.putKvConfig(namespace, key, value, previous);
            publish(namespace, key, () -> table.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(key, value));
            if (previous == null) {
                log.info("KV config created: {} {} = {}", namespace, key, value);
            } else {
                log.info("KV config updated: {} {} = {} (was {})", namespace, key, value, previous);
            }
        } finally {
            writeLock.unlock();
        }
    }

    public void delete(String namespace, String key) {
        writeLock.lock();
        try {
            Map<String, String> entries = table.get(namespace);
            if (entries == null || !entries.containsKey(key)) {
                return;
            }
            String previous = entries.get(key);
            storeWriter.deleteKvConfig(namespace, key, previous);
            publish(namespace, key, () -> {
                entries.remove(key);
                if (entries.isEmpty()) {
                    table.remove(namespace);
                }
            });
            log.info("KV config deleted: {} {} (was {})", namespace, key, previous);
        } finally {
            writeLock.unlock();
        }
    }

    /** The value, or null when the namespace or the key is absent. */
    public String get(String namespace, String key) {
        Map<String, String> entries = table.get(namespace);
        return entries == null ? null : entries.get(key);
    }

    /** A copy of one namespace, or null when it has no entry. */
    public Map<String, String> namespace(String namespace) {
        Map<String, String> entries = table.get(namespace);
        return entries == null || entries.isEmpty() ? null : Map.copyOf(entries);
    }

    /** namespace -> how many keys it holds; values are left out, as they may be anything an admin put. */
    public Map<String, Integer> namespaceSizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        table.forEach((namespace, entries) -> {
            if (!entries.isEmpty()) {
                sizes.put(namespace, entries.size());
            }
        });
        return sizes;
    }

    /** Logs the whole table, as an operator's periodic record of what the server holds. */
    public void logAll() {
        Map<String, Map<String, String>> sorted = new TreeMap<>();
        table.forEach((namespace, entries) -> sorted.put(namespace, new TreeMap<>(entries)));
        log.info("KV config: {} namespace(s)", sorted.size());
        sorted.forEach((namespace, entries) -> log.info("KV config {}: {}", namespace, entries));
    }
}
