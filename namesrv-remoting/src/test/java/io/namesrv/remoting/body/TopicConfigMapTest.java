package io.namesrv.remoting.body;

import io.namesrv.api.model.TopicConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact map reads as a LinkedHashMap filled in the same order does. */
class TopicConfigMapTest {

    @Test
    void readsAsALinkedHashMapFilledInTheSameOrder() {
        for (int size : new int[] {0, 1, 2, 3, 11, 12, 13, 100, 10_000}) {
            TopicConfig[] written = new TopicConfig[size];
            for (int i = 0; i < size; i++) {
                written[i] = config("topic-" + (size - i), i % 8);
            }
            assertReadsAsLinkedHashMap(written);
        }
    }

    @Test
    void aNameWrittenTwiceKeepsItsFirstPlaceAndItsLastConfig() {
        TopicConfig[] written = {config("a", 6), config("b", 6), config("a", 4), config("c", 6), config("b", 2), config("b", 0)};

        Map<String, TopicConfig> map = assertReadsAsLinkedHashMap(written);

        assertEquals(List.of("a", "b", "c"), new ArrayList<>(map.keySet()));
        assertEquals(0, map.get("b").perm());
    }

    @Test
    void isReadOnly() {
        Map<String, TopicConfig> map = TopicConfigMap.of(new TopicConfig[] {config("a", 6)});

        assertThrows(UnsupportedOperationException.class, () -> map.put("b", config("b", 6)));
        assertThrows(UnsupportedOperationException.class, () -> map.remove("a"));
        assertThrows(UnsupportedOperationException.class, map::clear);
        assertThrows(UnsupportedOperationException.class, () -> map.values().clear());
    }

    private static Map<String, TopicConfig> assertReadsAsLinkedHashMap(TopicConfig[] written) {
        Map<String, TopicConfig> expected = new LinkedHashMap<>();
        for (TopicConfig config : written) {
            expected.put(config.topicName(), config);
        }
        Map<String, TopicConfig> map = TopicConfigMap.of(written.clone());

        assertEquals(expected, map);
        assertEquals(map, expected);
        assertEquals(expected.hashCode(), map.hashCode());
        assertEquals(expected.size(), map.size());
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(map.entrySet()));
        assertEquals(new ArrayList<>(expected.values()), new ArrayList<>(map.values()));
        for (String name : expected.keySet()) {
            assertSame(expected.get(name), map.get(name), name);
            assertTrue(map.containsKey(name), name);
        }
        for (String absent : List.of("topic-0", "topic-" + (written.length + 1), "", "absent")) {
            assertNull(map.get(absent), absent);
            assertFalse(map.containsKey(absent), absent);
        }
        assertNull(map.get(42));
        return map;
    }

    private static TopicConfig config(String name, int perm) {
        return new TopicConfig(name, 8, 8, perm, 0, false);
    }
}
