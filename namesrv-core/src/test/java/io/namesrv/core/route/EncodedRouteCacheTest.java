package io.namesrv.core.route;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the cache serves, and the race it must lose: a reader that read a route before a change was
 * published and stores its entry after, whose entry must never be served. Every topic here has the
 * route {@link #route} says, so topics share their encoded bytes as long as it does not change.
 */
class EncodedRouteCacheTest {
    private final EncodedRouteCache cache = new EncodedRouteCache(1 << 20);
    private final AtomicReference<String> route = new AtomicReference<>("v1");
    private final AtomicInteger builds = new AtomicInteger();

    private String get(String topic, int format) {
        return string(encoded(cache, topic, format));
    }

    private byte[] encoded(EncodedRouteCache in, String topic, int format) {
        return in.get(topic, format, route::get, content -> {
            builds.incrementAndGet();
            return bytes(content + "/" + format);
        });
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
        assertEquals(2, builds.get());
    }

    @Test
    void topicsWithTheSameRouteShareTheBytesEncodedOnce() {
        byte[] first = encoded(cache, "a", 0);
        byte[] second = encoded(cache, "b", 0);
        byte[] otherFormat = encoded(cache, "b", 1);

        assertSame(first, second);
        assertEquals("v1/1", string(otherFormat));
        assertEquals(2, builds.get(), "once per format");
    }

    @Test
    void aTopicWhoseRouteChangedTakesTheBytesOfItsNewRoute() {
        byte[] before = encoded(cache, "a", 0);
        encoded(cache, "b", 0);
        cache.change(List.of("a"), () -> route.set("v2"));

        assertEquals("v2/0", get("a", 0));
        assertSame(before, encoded(cache, "b", 0), "b's entry is still the cached one");
        cache.change(List.of("b"), () -> { });
        assertEquals("v2/0", get("b", 0));
        assertEquals(2, builds.get(), "b takes a's new bytes");
    }

    @Test
    void countsAHitOrAMissPerQuery() {
        get("a", 0); // encoded: a miss
        get("b", 0); // the bytes of a's equal route: a hit
        get("a", 0); // a's own entry: a hit
        route.set(null);
        get("none", 0); // no route: a miss

        assertEquals(2, cache.hits());
        assertEquals(2, cache.misses());
    }

    @Test
    void anEntryReadBeforeAChangeAndStoredAfterItIsNeverServed() {
        byte[] stale = cache.get("t", 0, () -> {
            String before = route.get();
            cache.change(List.of("t"), () -> route.set("v2"));
            return before;
        }, EncodedRouteCacheTest::bytes);
        assertEquals("v1", string(stale), "the racing reader answers what it read");

        assertEquals("v2/0", get("t", 0));
    }

    @Test
    void anEntryReadBeforeAChangeOfEveryRouteIsNeverServed() {
        get("t", 1);
        cache.get("t", 0, () -> {
            String before = route.get();
            cache.changeAll(() -> route.set("v2"));
            return before;
        }, EncodedRouteCacheTest::bytes);

        assertEquals("v2/0", get("t", 0));
        assertEquals("v2/1", get("t", 1));
    }

    @Test
    void aTopicWithoutARouteIsNotCached() {
        route.set(null);
        assertNull(get("none", 0));
        route.set("v1");
        assertEquals("v1/0", get("none", 0));
        assertEquals(1, builds.get());
    }

    @Test
    void staysWithinItsBoundInBytes() {
        EncodedRouteCache small = new EncodedRouteCache(64 * 1024);
        for (int i = 0; i < 1000; i++) {
            String content = "route-" + i;
            small.get("topic-" + i, 0, () -> content, c -> new byte[1000]);
        }

        assertTrue(small.bytes() <= 64 * 1024, small.bytes() + " bytes cached");
        assertTrue(small.entryCount() < 1000, small.entryCount() + " entries");
        assertTrue(small.evictions() > 0);
    }

    @Test
    void evictsNothingForATopicWhoseBytesAnEqualRouteHolds() {
        EncodedRouteCache small = new EncodedRouteCache(4 * 1024);
        byte[] first = small.get("topic-0", 0, () -> "route", c -> new byte[1000]);
        for (int i = 1; i < 100; i++) {
            assertSame(first, small.get("topic-" + i, 0, () -> "route", c -> new byte[1000]));
        }

        assertEquals(2, small.entryCount(), "the route's bytes and the first topic's entry");
        assertEquals(0, small.evictions());
        assertEquals(99, small.hits());
    }

    @Test
    void aChangeDropsTheEntriesOfItsTopicsInEveryFormat() {
        get("t", 0);
        get("t", 1);
        get("other", 0);
        cache.change(List.of("t"), () -> route.set("v2"));

        assertEquals(1 + 2, cache.entryCount(), "other's entry and the two routes' bytes by content");
        assertEquals("v2/1", get("t", 1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] body) {
        return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }
}
