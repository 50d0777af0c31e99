package io.namesrv.dist.bench;

/** One server's measurements of every round, merged: latencies pooled, counts and windows summed. */
final class ServerTotals {
    final LatencyStats route = new LatencyStats();
    final LatencyStats registration = new LatencyStats();
    final LatencyStats changedRegistration = new LatencyStats();
    final LatencyStats mixedRoute = new LatencyStats();
    final LatencyStats mixedRegistrations = new LatencyStats();
}
