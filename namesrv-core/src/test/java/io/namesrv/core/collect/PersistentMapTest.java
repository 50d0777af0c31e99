package io.namesrv.core.collect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PersistentMapTest {

    /** Strings of "Aa" and "BB" blocks all share one hash code: they end in collision nodes. */
    private static String colliding(int bits) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            key.append((bits & (1 << i)) == 0 ? "Aa" : "BB");
        }
        return key.toString();
    }

    @Test
    void randomUpdatesMatchAHashMapAndLeaveEveryOlderVersionAsItWas() {
        Random random = new Random(42);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            keys.add("topic-" + random.nextInt(20_000));
        }
        for (int i = 0; i < 200; i++) {
            keys.add(colliding(random.nextInt(64)));
        }
        PersistentMap<String, Integer> map = PersistentMap.empty();
        Map<String, Integer> expected = new HashMap<>();
        List<PersistentMap<String, Integer>> versions = new ArrayList<>();
        List<Map<String, Integer>> expectedVersions = new ArrayList<>();
        for (int step = 0; step < 60_000; step++) {
            String key = keys.get(random.nextInt(keys.size()));
            if (random.nextInt(3) == 0) {
                map = map.without(key);
                expected.remove(key);
            } else {
                int value = random.nextInt(5);
                map = map.with(key, value);
                expected.put(key, value);
            }
            if (step % 5_000 == 0) {
                versions.add(map);
                expectedVersions.add(new HashMap<>(expected));
            }
        }
        assertContent(expected, map);
        for (int i = 0; i < versions.size(); i++) {
            assertContent(expectedVersions.get(i), versions.get(i));
        }
        for (String key : keys) {
            map = map.without(key);
        }
        assertEquals(0, map.size());
        assertEquals(Map.of(), map.asMap());
    }

    private static void assertContent(Map<String, Integer> expected, PersistentMap<String, Integer> actual) {
        assertEquals(expected.size(), actual.size());
        expected.forEach((key, value) -> assertEquals(value, actual.get(key), key));
        Map<String, Integer> iterated = new HashMap<>();
        actual.forEach((key, value) -> assertNull(iterated.put(key, value), "twice: " + key));
        assertEquals(expected, iterated);
        assertEquals(expected, actual.asMap());
        assertEquals(expected.size(), actual.asMap().entrySet().stream().count());
    }

    @Test
    void anUpdateThatChangesNothingReturnsTheSameMap() {
        Integer one = 1;
        PersistentMap<String, Integer> map = PersistentMap.<String, Integer>empty().with("a", one);
        assertSame(map, map.with("a", one));
        assertSame(map, map.without("b"));
        assertSame(map, map.without(null));
    }

    @Test
    void refusesNullKeysAndValues() {
        PersistentMap<String, Integer> map = PersistentMap.empty();
        assertThrows(NullPointerException.class, () -> map.with(null, 1));
        assertThrows(NullPointerException.class, () -> map.with("a", null));
        assertNull(map.get(null));
    }
}
