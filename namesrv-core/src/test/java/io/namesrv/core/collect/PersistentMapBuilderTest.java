package io.namesrv.core.collect;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PersistentMapBuilderTest {

    /** Strings of "Aa" and "BB" blocks all share one hash code: they end in collision nodes. */
    private static String colliding(int bits) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            key.append((bits & (1 << i)) == 0 ? "Aa" : "BB");
        }
        return key.toString();
    }

    private static List<String> keys(Random random) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            keys.add("topic-" + random.nextInt(20_000));
        }
        for (int i = 0; i < 200; i++) {
            keys.add(colliding(random.nextInt(64)));
        }
        return keys;
    }

    @Test
    void editsMatchThePersistentOnesAndLeaveTheMapsBuiltBeforeAsTheyWere() {
        Random random = new Random(7);
        List<String> keys = keys(random);
        PersistentMap<String, Integer> persistent = PersistentMap.empty();
        PersistentMap.Builder<String, Integer> builder = persistent.toBuilder();
        List<PersistentMap<String, Integer>> built = new ArrayList<>();
        List<PersistentMap<String, Integer>> expectedBuilt = new ArrayList<>();
        for (int step = 0; step < 60_000; step++) {
            String key = keys.get(random.nextInt(keys.size()));
            if (random.nextInt(3) == 0) {
                persistent = persistent.without(key);
                builder.remove(key);
            } else {
                int value = random.nextInt(5);
                persistent = persistent.with(key, value);
                builder.put(key, value);
            }
            assertEquals(persistent.size(), builder.size());
            assertEquals(persistent.get(key), builder.get(key), key);
            if (step % 3_000 == 0) {
                // the builder goes on from what it built: those maps must not see its later edits
                built.add(builder.build());
                expectedBuilt.add(persistent);
            }
        }
        assertEquals(persistent.asMap(), builder.build().asMap());
        for (int i = 0; i < built.size(); i++) {
            assertContent(expectedBuilt.get(i).asMap(), built.get(i));
        }
    }

    @Test
    void leavesTheMapItStartedFromAsItWas() {
        Random random = new Random(11);
        List<String> keys = keys(random);
        Map<String, Integer> expected = new HashMap<>();
        for (String key : keys) {
            expected.put(key, key.length());
        }
        PersistentMap<String, Integer> start = PersistentMap.copyOf(expected);
        PersistentMap.Builder<String, Integer> builder = start.toBuilder();
        for (String key : keys) {
            if (random.nextBoolean()) {
                builder.remove(key);
            } else {
                builder.put(key, -1).put("new-" + key, 1);
            }
        }
        assertContent(expected, start);
        PersistentMap<String, Integer> edited = builder.build();
        for (String key : keys) {
            edited = edited.without(key).without("new-" + key);
        }
        assertEquals(0, edited.size());
        assertContent(expected, start);
    }

    @Test
    void copyOfHoldsTheEntriesOfTheMapIncludingCollidingKeys() {
        Map<String, Integer> expected = new HashMap<>();
        for (int bits = 0; bits < 64; bits++) {
            expected.put(colliding(bits), bits);
            expected.put("topic-" + bits, bits);
        }
        assertContent(expected, PersistentMap.copyOf(expected));
        assertEquals(0, PersistentMap.copyOf(Map.of()).size());
    }

    @Test
    void removingWhatIsNotThereChangesNothing() {
        PersistentMap.Builder<String, Integer> builder = PersistentMap.<String, Integer>empty().toBuilder();
        builder.put("a", 1).remove("b").remove(null).remove(colliding(1));
        assertEquals(Map.of("a", 1), builder.build().asMap());
    }

    @Test
    void refusesNullKeysAndValues() {
        PersistentMap.Builder<String, Integer> builder = PersistentMap.<String, Integer>empty().toBuilder();
        assertThrows(NullPointerException.class, () -> builder.put(null, 1));
        assertThrows(NullPointerException.class, () -> builder.put("a", null));
        assertNull(builder.get(null));
        assertEquals(0, builder.size());
    }

    private static void assertContent(Map<String, Integer> expected, PersistentMap<String, Integer> actual) {
        assertEquals(expected.size(), actual.size());
        expected.forEach((key, value) -> assertEquals(value, actual.get(key), key));
        Map<String, Integer> iterated = new HashMap<>();
        actual.forEach((key, value) -> assertNull(iterated.put(key, value), "twice: " + key));
        assertEquals(expected, iterated);
    }
}
