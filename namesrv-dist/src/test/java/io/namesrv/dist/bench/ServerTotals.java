package io.namesrv.dist.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One server's measurements of every measured round, merged: latencies pooled, counts and windows
 * summed; and its route-query throughput round by round.
 */
final class ServerTotals {
    final List<Double> routeThroughputByRound = new ArrayList<>();
    final LatencyStats route = new LatencyStats();
    final LatencyStats registration = new LatencyStats();
    final LatencyStats changedRegistration = new LatencyStats();
    final LatencyStats mixedRoute = new LatencyStats();
    final LatencyStats mixedRegistrations = new LatencyStats();
}
