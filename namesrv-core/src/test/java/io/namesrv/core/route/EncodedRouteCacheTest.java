package io.namesrv.core.route;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the cache serves, and the race it must lose: a reader that read a route before a change was
 * published and stores its entry after, whose entry must never be served.
 */
class EncodedRouteCacheTest {
    private final EncodedRouteCache cache = new EncodedRouteCache(1 << 20);
    private final AtomicReference<String> route = new AtomicReference<>("v1");
    private final AtomicInteger builds = new AtomicInteger();

    private String get(String topic, int format) {
        byte[] body = cache.get(topic, format, () -> {
            builds.incrementAndGet();
            return bytes(route.get() + "/" + format);
        });
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }

    @Test
    void aHitIsServedWithoutBuildingEachFormatOnItsOwn() {
        assertEquals("v1/0", get("t", 0));
        assertEquals("v1/1", get("t", 1));
        assertEquals("v1/0", get("t", 0));
        assertEquals("v1/1", get("t", 1));
        assertEquals(2, builds.get());
    }

    @Test
    void aChangeOfOneTopicRebuildsThatTopicOnly() {
        get("t", 0);
        get("other", 0);
        cache.change(List.of("t"), () -> route.set("v2"));

        assertEquals("v2/0", get("t", 0));
        assertEquals("v1/0", get("other", 0), "the other topic's entry is still the cached one");
        assertEquals(3, builds.get());
    }

    @Test
    void anEntryReadBeforeAChangeAndStoredAfterItIsNeverServed() {
        byte[] stale = cache.get("t", 0, () -> {
            String before = route.get();
            cache.change(List.of("t"), () -> route.set("v2"));
            return bytes(before);
        });
        assertEquals("v1", new String(stale, StandardCharsets.UTF_8), "the racing reader answers what it read");

        assertEquals("v2/0", get("t", 0));
    }

    @Test
    void anEntryReadBeforeAChangeOfEveryRouteIsNeverServed() {
        get("t", 1);
        cache.get("t", 0, () -> {
            String before = route.get();
            cache.changeAll(() -> route.set("v2"));
            return bytes(before);
        });

        assertEquals("v2/0", get("t", 0));
        assertEquals("v2/1", get("t", 1));
    }

    @Test
    void aTopicWithoutARouteIsNotCached() {
        assertNull(cache.get("none", 0, () -> {
            builds.incrementAndGet();
            return null;
        }));
        assertEquals("v1/0", get("none", 0));
        assertEquals(2, builds.get());
    }

    @Test
    void staysWithinItsBoundInBytesAndCountsHitsAndMisses() {
        EncodedRouteCache small = new EncodedRouteCache(64 * 1024);
        byte[] body = new byte[1000];
        for (int i = 0; i < 1000; i++) {
            small.get("topic-" + i, 0, () -> body);
        }
        small.get("topic-0", 0, () -> body);

        assertTrue(small.bytes() <= 64 * 1024, small.bytes() + " bytes cached");
        assertTrue(small.entryCount() < 1000, small.entryCount() + " entries");
        assertTrue(small.evictions() > 0);
        assertEquals(1001, small.misses() + small.hits(), "every lookup counted");
    }

    @Test
    void aChangeDropsTheEntriesOfItsTopicsInEveryFormat() {
        get("t", 0);
        get("t", 1);
        get("other", 0);
        cache.change(List.of("t"), () -> route.set("v2"));

        assertEquals(1, cache.entryCount());
        assertEquals("v2/1", get("t", 1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
