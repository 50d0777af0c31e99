package io.namesrv.core.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed buckets, cheap enough for the route-query path that runs inline
 * on the I/O threads: {@link #record} is a short scan of a few longs and two {@link LongAdder}
 * increments, with no lock and no allocation. Buckets are counted one by one and made cumulative
 * only when scraped.
 */
public final class LatencyHistogram {
    /**
     * Upper bounds in seconds: 50 µs to 10 s, from a cached route answer (tens of µs) to a
     * registration of 10,000 topics on a durable store (seconds).
     */
    public static final double[] DEFAULT_BOUNDS_SECONDS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final double[] boundsSeconds;
    private final long[] boundsNanos;
    /** One more than the bounds: the last is +Inf. */
    private final LongAdder[] buckets;
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        this(DEFAULT_BOUNDS_SECONDS);
    }

    public LatencyHistogram(double[] boundsSeconds) {
        for (int i = 1; i < boundsSeconds.length; i++) {
            if (boundsSeconds[i] <= boundsSeconds[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must increase: " + boundsSeconds[i - 1]
                    + " then " + boundsSeconds[i]);
            }
        }
        this.boundsSeconds = boundsSeconds.clone();
        this.boundsNanos = new long[boundsSeconds.length];
        for (int i = 0; i < boundsSeconds.length; i++) {
            boundsNanos[i] = Math.round(boundsSeconds[i] * 1e9);
        }
        this.buckets = new LongAdder[boundsSeconds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Counts one observation; a negative duration (a clock step) counts as zero. */
    public void record(long nanos) {
        long value = Math.max(0, nanos);
        int i = 0;
        while (i < boundsNanos.length && value > boundsNanos[i]) {
            i++;
        }
        buckets[i].increment();
        sumNanos.add(value);
    }

    /** Counts the time since {@code startNanos}, a {@link System#nanoTime()} reading. */
    public void recordSince(long startNanos) {
        record(System.nanoTime() - startNanos);
    }

    public long count() {
        long count = 0;
        for (LongAdder bucket : buckets) {
            count += bucket.sum();
        }
        return count;
    }

    /**
     * The state at one moment, cumulative as Prometheus wants it. Taken bucket by bucket while
     * requests go on, so the count is the sum of the buckets read (never less than a bucket) and the
     * sum may be a few observations ahead; the exposition format tolerates that.
     */
    public Snapshot snapshot() {
        long[] cumulative = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(boundsSeconds.clone(), cumulative, sumNanos.sum() / 1e9);
    }

    /**
     * @param boundsSeconds      the finite upper bounds
     * @param cumulativeCounts   one per bound, then the +Inf bucket, which is the count
     */
    public record Snapshot(double[] boundsSeconds, long[] cumulativeCounts, double sumSeconds) {
        public long count() {
            return cumulativeCounts[cumulativeCounts.length - 1];
        }
    }
}
