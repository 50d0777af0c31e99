package io.namesrv.remoting.http;

import io.namesrv.remoting.handler.RequestMetrics.ResponseCount;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Responses by request code and result over about the last minute. The request path keeps only
 * counts since start; this takes a copy of them every {@link #SAMPLE_MILLIS} and answers the
 * difference between the counts now and the oldest copy at most {@link #WINDOW_MILLIS} old, so the
 * window is between 55 and 60 s once the server has run a minute, and what it has run before that.
 */
final class RequestRates {
    static final long SAMPLE_MILLIS = 5_000;
    static final long WINDOW_MILLIS = 60_000;

    /** The responses counted between {@code fromMillis} and {@code toMillis}, counts above zero only. */
    record Window(long fromMillis, long toMillis, List<ResponseCount> counts) {
        long millis() {
            return toMillis - fromMillis;
        }
    }

    private record Sample(long atMillis, Map<String, Long> counts) {
    }

    private final Supplier<List<ResponseCount>> source;
    /** Oldest first; guarded by this. */
    private final Deque<Sample> samples = new ArrayDeque<>();

    RequestRates(Supplier<List<ResponseCount>> source) {
        this.source = source;
    }

    /** Copies the counts as they are at {@code nowMillis} and forgets copies older than the window. */
    synchronized void sample(long nowMillis) {
        samples.addLast(new Sample(nowMillis, byKey(source.get())));
        while (samples.peekFirst().atMillis() < nowMillis - WINDOW_MILLIS) {
            samples.removeFirst();
        }
    }

    /** The responses since the oldest copy within the window; an empty window before the first copy. */
    synchronized Window lastMinute(long nowMillis) {
        Sample oldest = null;
        for (Sample sample : samples) {
            if (sample.atMillis() >= nowMillis - WINDOW_MILLIS) {
                oldest = sample;
                break;
            }
        }
        if (oldest == null) {
            return new Window(nowMillis, nowMillis, List.of());
        }
        List<ResponseCount> counts = new ArrayList<>();
        for (ResponseCount now : source.get()) {
            long delta = now.count() - oldest.counts().getOrDefault(key(now), 0L);
            if (delta > 0) {
                counts.add(new ResponseCount(now.code(), now.name(), now.result(), delta));
            }
        }
        return new Window(oldest.atMillis(), nowMillis, counts);
    }

    private static Map<String, Long> byKey(List<ResponseCount> counts) {
        Map<String, Long> byKey = new HashMap<>();
        counts.forEach(c -> byKey.put(key(c), c.count()));
        return byKey;
    }

    private static String key(ResponseCount count) {
        return count.code() + " " + count.result();
    }
}
