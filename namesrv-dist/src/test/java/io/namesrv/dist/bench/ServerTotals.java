package io.namesrv.dist.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One server's measurements of every measured round, merged: latencies pooled, counts and windows
 * summed; and its route-query throughput round by round.
 */
final class ServerTotals {
    final List<Double> routeThroughputByRound = new ArrayList<>();
    final LatencyStats route = new LatencyStats();
    final LatencyStats registration = new LatencyStats();
    final LatencyStats changedRegistration = new LatencyStats();
    /** The mixed workload's totals by storm interval (zero: back to back). */
    private final Map<Duration, StormTotals> storms = new HashMap<>();

    StormTotals storm(Duration interval) {
        return storms.computeIfAbsent(interval, i -> new StormTotals());
    }

    /** The route queries and the registrations of one storm's mixed runs. */
    static final class StormTotals {
        final LatencyStats route = new LatencyStats();
        final LatencyStats registrations = new LatencyStats();
    }
}
