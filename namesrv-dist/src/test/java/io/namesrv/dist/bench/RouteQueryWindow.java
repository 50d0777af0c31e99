package io.namesrv.dist.bench;

import java.time.Duration;

/**
 * One route-query measurement against a server: pipelined GET_ROUTEINFO_BY_TOPIC over
 * {@code connections} connections, {@code depth} in flight on each, a warm-up that counts nothing,
 * then the window, with the CPU the server and the load generator used in it.
 */
record RouteQueryWindow(int connections, int depth, Duration warmup, Duration window) {
    /** How long the requests in flight at the window's end may take to come back. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    LatencyStats measure(BenchClient client, BenchServer server, RouteQueryFrames frames) throws InterruptedException {
        try (PipelinedRouteLoad load = PipelinedRouteLoad.start(client, server.address(), frames, connections, depth)) {
            server.pace(warmup);
            long serverCpu = server.cpuNanos();
            long clientCpu = MachineInfo.ownCpuNanos();
            load.beginWindow();
            server.pace(window);
            load.endWindow();
            serverCpu = server.cpuNanos() - serverCpu;
            clientCpu = MachineInfo.ownCpuNanos() - clientCpu;
            LatencyStats stats = load.collect(DRAIN_TIMEOUT);
            stats.cpu(serverCpu, clientCpu);
            return stats;
        }
    }
}
