package io.namesrv.core.durability;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The last write to each key of one table: a value put or a removal, never both. Replaying it over
 * the table as it was before the first of those writes gives the table as it is after the last.
 */
final class Coalesced<K, V> {
    private final Map<K, V> puts = new HashMap<>();
    private final Set<K> removals = new HashSet<>();

    void put(K key, V value) {
        removals.remove(key);
        puts.put(key, value);
    }

    void remove(K key) {
        puts.remove(key);
        removals.add(key);
    }

    void putAll(Map<K, V> values) {
        values.forEach(this::put);
    }

    void removeAll(Set<K> keys) {
        keys.forEach(this::remove);
    }

    /** Takes in the writes of {@code older} to the keys this one has not written since. */
    void addOlder(Coalesced<K, V> older) {
        older.puts.forEach((key, value) -> {
            if (!removals.contains(key)) {
                puts.putIfAbsent(key, value);
            }
        });
        older.removals.forEach(key -> {
            if (!puts.containsKey(key)) {
                removals.add(key);
            }
        });
    }

    Map<K, V> puts() {
        return puts;
    }

    Set<K> removals() {
        return removals;
    }

    int size() {
        return puts.size() + removals.size();
    }
}
