package io.namesrv.dist.bench;

import io.namesrv.dist.support.ItDirs;
import org.apache.rocketmq.common.MQVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our server on each store (memory, chronicle, jdbc with embedded H2), all running at once in
 * child JVMs with the same JVM options, the route-query workload run against each in turn (the
 * order reversed every round), then route throughput and latency compared with the memory
 * store's. The route path never touches the store, so the ratios should stay near 1.
 *
 * <p>{@code mvn -B verify -Pbench -pl namesrv-dist -am -Dit.test=StoreComparisonBench}; settings
 * as for {@link LoadComparisonBench} ({@code -Dbench.rounds}, {@code -Dbench.routeSeconds}, ...).
 */
class StoreComparisonBench {
    private static final List<String> STORES = List.of("memory", "chronicle", "jdbc");

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void routeQueriesOnEveryStore() throws Exception {
        ClassPreloader.preload();
        // two warm-up rounds: after one, three server JVMs sharing the servers' CPUs were still
        // compiling (BENCHMARKS.md, 2026-12-02, third session)
        BenchSettings settings = BenchSettings.fromSystemProperties(2);
        CpuPinning.pin(ProcessHandle.current().pid(), settings.clientCpus());
        out("=== route queries on each of our stores ===");
        out(MachineInfo.describe());
        out(String.format(Locale.ROOT, "settings: %d warm-up + %d measured round(s); %d connections x %d in flight,"
                + " %d s warm-up + %d s; %d brokers x %d topics",
            settings.warmupRounds(), settings.rounds(), settings.connections(), settings.pipelineDepth(), settings.warmup().toSeconds(),
            settings.routeWindow().toSeconds(), settings.brokers(), settings.topics()));
        BenchFixtures fixtures = BenchFixtures.create(settings, MQVersion.CURRENT_VERSION);
        Map<String, LatencyStats> totals = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, ServerUnderLoad> servers = new LinkedHashMap<>();
        try (BenchClient client = new BenchClient()) {
            try {
                for (String store : STORES) {
                    ServerUnderLoad server = ServerUnderLoad.start(BenchServer.Kind.OURS, ItDirs.newDir("bench-store-" + store),
                        client, settings.withStoreType(store), fixtures);
                    servers.put(store, server);
                    server.populate();
                    totals.put(store, new LatencyStats());
                    out("started " + server.server() + " on the " + store + " store");
                }
                int all = settings.warmupRounds() + settings.rounds();
                for (int i = 1; i <= all; i++) {
                    List<String> order = new ArrayList<>(STORES);
                    if (i % 2 == 0) {
                        Collections.reverse(order);
                    }
                    int round = i - settings.warmupRounds();
                    String tag = round >= 1 ? "[round " + round + "/" + settings.rounds() + "]"
                        : "[warm-up " + i + "/" + settings.warmupRounds() + "]";
                    for (String store : order) {
                        long othersCpu = othersCpuNanos(servers, store);
                        long start = System.nanoTime();
                        LatencyStats route = servers.get(store).routeQuery();
                        double othersCpuPercent = 100.0 * (othersCpuNanos(servers, store) - othersCpu) / (System.nanoTime() - start);
                        if (route.errors() > 0 || route.count() == 0) {
                            problems.add(store + " " + tag + ": " + route.errors() + " errors, first " + route.firstError());
                        }
                        out(String.format(Locale.ROOT, "%s %-9s %,9.0f req/s  p50 %.2f  p99 %.2f ms  server CPU %.0f%%,"
                                + " the other two servers %.1f%%", tag, store, route.throughput(), route.millisAt(50),
                            route.millisAt(99), route.serverCpuPercent(), othersCpuPercent));
                        if (round >= 1) {
                            totals.get(store).merge(route);
                        }
                    }
                }
            } finally {
                servers.values().forEach(ServerUnderLoad::close);
            }
        }
        LatencyStats memory = totals.get("memory");
        out("");
        out(String.format(Locale.ROOT, "=== results (%d round(s) pooled, %d warm-up round(s) left out; load average now %s) ===",
            settings.rounds(), settings.warmupRounds(), MachineInfo.loadAverage()));
        out(String.format(Locale.ROOT, "%-9s %12s %9s %9s %9s %14s %12s", "store", "req/s", "p50 ms", "p99 ms", "p99.9 ms",
            "req/s / memory", "p99 / memory"));
        totals.forEach((store, stats) -> out(String.format(Locale.ROOT, "%-9s %,12.0f %9.2f %9.2f %9.2f %14.2f %12.2f", store,
            stats.throughput(), stats.millisAt(50), stats.millisAt(99), stats.millisAt(99.9),
            stats.throughput() / memory.throughput(), stats.millisAt(99) / memory.millisAt(99))));
        assertTrue(problems.isEmpty(), "requests failed (the numbers above are not valid):\n" + String.join("\n", problems));
    }

    /**
     * CPU time of the servers not under load: they share the measured one's CPUs, so work of theirs
     * (compiling, a GC, a store's background thread) would show here as a slow window of the measured one.
     */
    private static long othersCpuNanos(Map<String, ServerUnderLoad> servers, String measured) {
        long sum = 0;
        for (Map.Entry<String, ServerUnderLoad> e : servers.entrySet()) {
            if (!e.getKey().equals(measured)) {
                sum += e.getValue().server().cpuNanos();
            }
        }
        return sum;
    }

    private static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
