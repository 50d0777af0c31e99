package io.namesrv.dist.bench;

import io.namesrv.dist.bench.ResultTable.Better;
import io.namesrv.dist.support.ItDirs;
import org.apache.rocketmq.common.MQVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Apache RocketMQ 5.4.0's name server and ours, side by side under the same load on this machine:
 * both run in child JVMs with the same JVM options, and every workload runs against each in turn
 * (the first server alternating per round), then a table compares them.
 *
 * <p>Workloads: populate (every fake broker registers every topic), route-query (pipelined
 * GET_ROUTEINFO_BY_TOPIC over many connections), register (one REGISTER_BROKER of every topic
 * with a new data version, repeated), mixed (route-query while a broker re-registers: at a fixed
 * rate, the same storm for both servers, and back to back, where the faster server takes more).
 *
 * <p>Run with {@code mvn -B verify -Pbench -pl namesrv-dist -am}; settings in {@link BenchSettings}
 * (e.g. {@code -Dbench.routeSeconds=30 -Dbench.storeType=chronicle}). Nothing here asserts a
 * speed: the run fails only when a request failed, so that a broken run is not mistaken for a
 * fast one.
 */
class LoadComparisonBench {

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void apacheVersusOurs() throws Exception {
        int preloaded = ClassPreloader.preload();
        BenchSettings settings = BenchSettings.fromSystemProperties(1);
        CpuPinning.pin(ProcessHandle.current().pid(), settings.clientCpus());
        long runStart = System.nanoTime();
        out("=== name server load comparison: Apache RocketMQ 5.4.0 vs ours ===");
        out(MachineInfo.describe());
        out("(" + preloaded + " harness classes preloaded)");
        out(String.format(Locale.ROOT,
            "settings: %d warm-up + %d measured round(s); route-query %d connections x %d in flight, %d s warm-up + %d s; register %d (+%d warm-up);"
                + " mixed %d s warm-up + %d s for each storm: %s; %d brokers x %d topics; our store %s; server JVM options %s;"
                + " CPUs: load generator %s, servers %s; estimated %d s",
            settings.warmupRounds(), settings.rounds(), settings.connections(), settings.pipelineDepth(), settings.warmup().toSeconds(),
            settings.routeWindow().toSeconds(), settings.registrations(), settings.registrationWarmup(),
            settings.mixedWarmup().toSeconds(), settings.mixedWindow().toSeconds(),
            String.join(", ", settings.stormIntervals().stream().map(LoadComparisonBench::storm).toList()),
            settings.brokers(), settings.topics(),
            settings.storeType(), String.join(" ", settings.serverJvmOptions()),
            settings.clientCpus().isEmpty() ? "any" : settings.clientCpus(),
            settings.serverCpus().isEmpty() ? "any" : settings.serverCpus(), settings.estimate().toSeconds()));

        BenchFixtures fixtures = BenchFixtures.create(settings, MQVersion.CURRENT_VERSION);
        out(String.format(Locale.ROOT, "REGISTER_BROKER body: %,d bytes (uncompressed JSON, as the 5.4.0 broker sends it)",
            fixtures.registrationFrames().bodySize()));

        Map<BenchServer.Kind, ServerTotals> totals = new EnumMap<>(BenchServer.Kind.class);
        List<String> problems = new ArrayList<>();
        List<ServerUnderLoad> servers = new ArrayList<>();
        try (BenchClient client = new BenchClient()) {
            try {
                for (String name : settings.servers()) {
                    BenchServer.Kind kind = BenchServer.Kind.of(name);
                    ServerUnderLoad server = ServerUnderLoad.start(kind, ItDirs.newDir("bench-" + name), client, settings, fixtures);
                    servers.add(server);
                    totals.put(kind, new ServerTotals());
                    LatencyStats populate = server.populate();
                    out(String.format(Locale.ROOT, "started %s (logs in %s); populated %d brokers x %d topics"
                            + " (registrations %.1f .. %.1f ms)", server.server(), server.server().workDir(), settings.brokers(),
                        settings.topics(), populate.millisAt(0), populate.maxMillis()));
                }
                int all = settings.warmupRounds() + settings.rounds();
                for (int i = 1; i <= all; i++) {
                    List<ServerUnderLoad> order = new ArrayList<>(servers);
                    if (i % 2 == 0) {
                        Collections.reverse(order);
                    }
                    int round = i - settings.warmupRounds();
                    // a warm-up round runs everything and counts nothing: the JIT compiles while it runs
                    Map<BenchServer.Kind, ServerTotals> into = round >= 1 ? totals : warmupTotals(servers);
                    String tag = round >= 1 ? "[round " + round + "/" + settings.rounds() + "]"
                        : "[warm-up " + i + "/" + settings.warmupRounds() + "]";
                    for (ServerUnderLoad server : order) {
                        LatencyStats route = server.routeQuery();
                        check(problems, tag, server, "route-query", route);
                        out(tag + " " + label(server) + " route-query   " + StatsLines.route(route));
                        into.get(server.kind()).route.merge(route);
                        into.get(server.kind()).routeThroughputByRound.add(route.throughput());
                    }
                    for (ServerUnderLoad server : order) {
                        LatencyStats registration = server.registration(false);
                        check(problems, tag, server, "register", registration);
                        out(tag + " " + label(server) + " register      " + StatsLines.registrations(registration, true));
                        into.get(server.kind()).registration.merge(registration);
                        LatencyStats changed = server.registration(true);
                        check(problems, tag, server, "register, table changed", changed);
                        out(tag + " " + label(server) + "   changed     " + StatsLines.registrations(changed, true));
                        into.get(server.kind()).changedRegistration.merge(changed);
                    }
                    for (Duration interval : settings.stormIntervals()) {
                        for (ServerUnderLoad server : order) {
                            ServerUnderLoad.Mixed mixed = server.mixed(interval);
                            String workload = "mixed, " + storm(interval);
                            check(problems, tag, server, workload + ", route-query", mixed.route());
                            check(problems, tag, server, workload + ", registrations", mixed.registrations());
                            out(tag + " " + label(server) + " " + workload + "   " + StatsLines.route(mixed.route()));
                            out(tag + " " + label(server) + "   storm       " + StatsLines.registrations(mixed.registrations(), false));
                            ServerTotals.StormTotals stormTotals = into.get(server.kind()).storm(interval);
                            stormTotals.route.merge(mixed.route());
                            stormTotals.registrations.merge(mixed.registrations());
                        }
                    }
                }
                for (ServerUnderLoad server : servers) {
                    if (server.heartbeatFailures() > 0) {
                        out("note: " + server.server() + " refused " + server.heartbeatFailures() + " BROKER_HEARTBEATs");
                    }
                }
            } finally {
                for (ServerUnderLoad server : servers) {
                    try {
                        server.close();
                    } catch (RuntimeException e) {
                        out("could not stop " + server.server() + ": " + e);
                    }
                }
            }
        }

        out("");
        out(String.format(Locale.ROOT, "=== results (%d round(s) pooled, %d warm-up round(s) left out; load average now %s;"
                + " run took %d s) ===", settings.rounds(), settings.warmupRounds(), MachineInfo.loadAverage(),
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - runStart)));
        out(table(totals, settings.stormIntervals()).render(BenchServer.Kind.APACHE.label, BenchServer.Kind.OURS.label));
        out("route-query throughput ours/Apache, round by round: " + routeRatioByRound(totals));
        out("latencies: closed-loop, each connection keeping " + settings.pipelineDepth()
            + " requests in flight, so they include queueing behind the connection's other requests.");
        assertTrue(problems.isEmpty(), "requests failed (the numbers above are not valid):\n" + String.join("\n", problems));
    }

    private static Map<BenchServer.Kind, ServerTotals> warmupTotals(List<ServerUnderLoad> servers) {
        Map<BenchServer.Kind, ServerTotals> discarded = new EnumMap<>(BenchServer.Kind.class);
        for (ServerUnderLoad server : servers) {
            discarded.put(server.kind(), new ServerTotals());
        }
        return discarded;
    }

    private static String routeRatioByRound(Map<BenchServer.Kind, ServerTotals> totals) {
        ServerTotals a = totals.get(BenchServer.Kind.APACHE);
        ServerTotals o = totals.get(BenchServer.Kind.OURS);
        if (a == null || o == null) {
            return "-";
        }
        List<String> ratios = new ArrayList<>();
        for (int r = 0; r < Math.min(a.routeThroughputByRound.size(), o.routeThroughputByRound.size()); r++) {
            ratios.add(String.format(Locale.ROOT, "%.2f", o.routeThroughputByRound.get(r) / a.routeThroughputByRound.get(r)));
        }
        return String.join(", ", ratios);
    }

    private static ResultTable table(Map<BenchServer.Kind, ServerTotals> totals, List<Duration> stormIntervals) {
        ServerTotals none = new ServerTotals();
        ServerTotals a = totals.getOrDefault(BenchServer.Kind.APACHE, none);
        ServerTotals o = totals.getOrDefault(BenchServer.Kind.OURS, none);
        ResultTable t = new ResultTable();
        addRoute(t, "route-query", "", a.route, o.route);
        t.add("route-query", "mean response frame (bytes)", a.route.meanResponseBytes(), o.route.meanResponseBytes(), Better.NONE);
        t.add("route-query", "client CPU (% of a core)", a.route.clientCpuPercent(), o.route.clientCpuPercent(), Better.NONE);

        t.add("register", "round trip p50 (ms)", a.registration.millisAt(50), o.registration.millisAt(50), Better.LOWER);
        t.add("register", "round trip p99 (ms)", a.registration.millisAt(99), o.registration.millisAt(99), Better.LOWER);
        t.add("register", "server CPU per registration (ms)", a.registration.serverCpuMillisPerRequest(),
            o.registration.serverCpuMillisPerRequest(), Better.LOWER);
        t.add("register, table changed", "round trip p50 (ms)", a.changedRegistration.millisAt(50),
            o.changedRegistration.millisAt(50), Better.LOWER);
        t.add("register, table changed", "round trip p99 (ms)", a.changedRegistration.millisAt(99),
            o.changedRegistration.millisAt(99), Better.LOWER);
        t.add("register, table changed", "server CPU per registration (ms)",
            a.changedRegistration.serverCpuMillisPerRequest(), o.changedRegistration.serverCpuMillisPerRequest(), Better.LOWER);

        t.add("mixed", "quiet route p99 (ms, from route-query)", a.route.millisAt(99), o.route.millisAt(99), Better.LOWER);
        for (Duration interval : stormIntervals) {
            ServerTotals.StormTotals as = a.storm(interval);
            ServerTotals.StormTotals os = o.storm(interval);
            String workload = "mixed, " + storm(interval);
            addRoute(t, workload, "route ", as.route, os.route);
            t.add(workload, "route p99 storm / quiet (x)", as.route.millisAt(99) / a.route.millisAt(99),
                os.route.millisAt(99) / o.route.millisAt(99), Better.LOWER);
            t.add(workload, "registrations during storm (/s)", as.registrations.throughput(), os.registrations.throughput(),
                Better.HIGHER);
            t.add(workload, "registration p50 during storm (ms)", as.registrations.millisAt(50), os.registrations.millisAt(50),
                Better.LOWER);
        }
        return t;
    }

    private static void addRoute(ResultTable t, String workload, String what, LatencyStats a, LatencyStats o) {
        t.add(workload, what + "throughput (req/s)", a.throughput(), o.throughput(), Better.HIGHER);
        for (double p : new double[] {50, 99, 99.9}) {
            String name = p == 50 ? "p50" : p == 99 ? "p99" : "p99.9";
            t.add(workload, what + "latency " + name + " (ms)", a.millisAt(p), o.millisAt(p), Better.LOWER);
        }
        t.add(workload, what + "latency max (ms)", a.maxMillis(), o.maxMillis(), Better.LOWER);
        t.add(workload, "server CPU per 1k route queries (ms" + (what.isEmpty() ? ")" : ", storm included)"),
            a.serverCpuMillisPerThousand(), o.serverCpuMillisPerThousand(), Better.LOWER);
    }

    private static void check(List<String> problems, String tag, ServerUnderLoad server, String workload, LatencyStats stats) {
        if (stats.errors() > 0) {
            problems.add(tag + " " + server.server() + " " + workload + ": " + stats.errors() + " failed requests, first: "
                + stats.firstError());
        } else if (stats.count() == 0) {
            problems.add(tag + " " + server.server() + " " + workload + ": no request completed");
        }
    }

    private static String storm(Duration interval) {
        return interval.isZero() ? "back to back" : "every " + interval.toMillis() + " ms";
    }

    private static String label(ServerUnderLoad server) {
        return String.format(Locale.ROOT, "%-12s", server.kind().label);
    }

    private static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
