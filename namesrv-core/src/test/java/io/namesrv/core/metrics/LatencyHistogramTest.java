package io.namesrv.core.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatencyHistogramTest {
    private final LatencyHistogram histogram = new LatencyHistogram(new double[] {0.001, 0.01, 0.1});

    @Test
    void aValueLandsInTheFirstBucketWhoseBoundIsNotBelowIt() {
        histogram.record(1_000_000);        // exactly 1 ms: le="0.001" (bounds are inclusive)
        histogram.record(1_000_001);        // just above: le="0.01"
        histogram.record(50_000_000);       // 50 ms
        histogram.record(2_000_000_000L);   // 2 s: only +Inf
        histogram.record(-5);               // a clock step back counts as 0

        LatencyHistogram.Snapshot snapshot = histogram.snapshot();
        assertArrayEquals(new long[] {2, 3, 4, 5}, snapshot.cumulativeCounts());
        assertEquals(5, snapshot.count());
        assertEquals(5, histogram.count());
        assertEquals(2.052000001, snapshot.sumSeconds(), 1e-12);
    }

    @Test
    void anEmptyHistogramHasZeroEverywhere() {
        LatencyHistogram.Snapshot snapshot = new LatencyHistogram().snapshot();
        assertEquals(LatencyHistogram.DEFAULT_BOUNDS_SECONDS.length + 1, snapshot.cumulativeCounts().length);
        assertEquals(0, snapshot.count());
        assertEquals(0.0, snapshot.sumSeconds());
    }

    @Test
    void boundsMustIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(new double[] {0.1, 0.1}));
    }

    @Test
    void concurrentRecordsAreAllCounted() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 100_000; i++) {
                        histogram.record(i % 3 == 0 ? 500_000 : 20_000_000);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        LatencyHistogram.Snapshot snapshot = histogram.snapshot();
        assertEquals(400_000, snapshot.count());
        assertEquals(4 * 33_334, snapshot.cumulativeCounts()[0]);
        assertEquals(400_000, snapshot.cumulativeCounts()[2]);
    }
}
