package io.namesrv.dist.bench;

import io.namesrv.dist.support.ItDirs;
import org.apache.rocketmq.remoting.protocol.route.QueueData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The scale workload against one server in a JVM of its own: brokers registered one at a time
 * into a growing table, re-registrations that change one topic each, the live heap with the
 * tables full, route queries over every topic, and the live heap again, which then also holds
 * whatever the server keeps from answering them (our encoded routes).
 */
final class ScaleRun implements AutoCloseable {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One server's measurements.
     *
     * @param lastBrokers the registrations of the last brokers, each new, into the fullest table
     * @param reRegistrations the measured round of the re-registrations, each changing one topic
     * @param problems the requests that failed or answered what was not registered; empty if none
     */
    record Result(LatencyStats lastBrokers, LatencyStats reRegistrations, LiveHeap tablesFull, LatencyStats routes,
                  LiveHeap afterRoutes, List<String> problems) {
    }

    private final BenchServer server;
    private final ScaleSettings settings;
    private final ScaleTopics topics;
    private final BenchClient client;
    private final int clientVersion;
    private final Consumer<String> log;
    private final List<ScaleBroker> brokers = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** Every registration of the run, to find a refused one. */
    private final LatencyStats allRegistrations = new LatencyStats();

    private ScaleRun(BenchServer server, ScaleSettings settings, ScaleTopics topics, BenchClient client, int clientVersion,
                     Consumer<String> log) {
        this.server = server;
        this.settings = settings;
        this.topics = topics;
        this.client = client;
        this.clientVersion = clientVersion;
        this.log = line -> log.accept(String.format(Locale.ROOT, "[%s] %s", server.kind().label, line));
    }

    /** Starts {@code kind}'s server with the scale JVM options, runs the workload against it, and stops it. */
    static Result run(BenchServer.Kind kind, ScaleSettings settings, ScaleTopics topics, RouteQueryFrames routeFrames,
                      BenchClient client, int clientVersion, Consumer<String> log) throws InterruptedException {
        BenchServer server = BenchServer.start(kind, ItDirs.newDir("scale-" + kind.name().toLowerCase(Locale.ROOT)),
            settings.serverJvmOptions(), settings.storeType());
        try (ScaleRun run = new ScaleRun(server, settings, topics, client, clientVersion, log)) {
            CpuPinning.pin(server.pid(), settings.serverCpus());
            return run.measure(routeFrames);
        }
    }

    private Result measure(RouteQueryFrames routeFrames) throws InterruptedException {
        long start = System.nanoTime();
        log.accept("started " + server + " (logs in " + server.workDir() + ")");
        LatencyStats lastBrokers = registerBrokers();
        LatencyStats reRegistrations = reRegister();
        if (allRegistrations.errors() > 0) {
            problems.add(server + ": " + allRegistrations.errors() + " registrations refused, first: " + allRegistrations.firstError());
        }
        checkRoutes();

        LiveHeap tablesFull = LiveHeap.of(server.pid());
        log.accept("heap after a full GC, tables full: " + heapLine(tablesFull));
        LatencyStats routes = settings.routeQueries().measure(client, server, routeFrames);
        log.accept(String.format(Locale.ROOT, "route queries over %,d topics, %d x %d: %s", topics.brokers() * topics.perBroker(),
            settings.routeQueries().connections(), settings.routeQueries().depth(), StatsLines.route(routes)));
        if (routes.errors() > 0 || routes.count() == 0) {
            problems.add(server + " route queries: " + routes.errors() + " failed, " + routes.count() + " answered, first failure: "
                + routes.firstError());
        }
        LiveHeap afterRoutes = LiveHeap.of(server.pid());
        log.accept("heap after a full GC after the route queries: " + heapLine(afterRoutes));

        long refusedHeartbeats = brokers.stream().mapToLong(ScaleBroker::heartbeatFailures).sum();
        if (refusedHeartbeats > 0) {
            log.accept("note: " + refusedHeartbeats + " BROKER_HEARTBEATs refused");
        }
        log.accept(String.format(Locale.ROOT, "done in %d s (the brokers heartbeat every 10 s; their registrations set a"
            + " heartbeat timeout of %d s)", Duration.ofNanos(System.nanoTime() - start).toSeconds(),
            Duration.ofMillis(BenchFixtures.HEARTBEAT_TIMEOUT_MILLIS).toSeconds()));
        return new Result(lastBrokers, reRegistrations, tablesFull, routes, afterRoutes, List.copyOf(problems));
    }

    /**
     * Phase 1: each broker connects, registers its topics (timed) and heartbeats from then on.
     * Returns the last brokers' registrations, with the server CPU they took.
     */
    private LatencyStats registerBrokers() throws InterruptedException {
        int n = settings.brokers();
        int firstCounted = n - settings.lastBrokers();
        int reportEvery = Math.max(1, n / 10);
        LatencyStats last = new LatencyStats();
        LatencyStats sinceReport = new LatencyStats();
        int firstSinceReport = 0;
        long lastStart = 0;
        long serverCpu = 0;
        long clientCpu = 0;
        for (int b = 0; b < n; b++) {
            ScaleBroker broker = ScaleBroker.connect(client, server.address(), b, topics, clientVersion);
            brokers.add(broker);
            if (b == firstCounted) {
                lastStart = System.nanoTime();
                serverCpu = server.cpuNanos();
                clientCpu = MachineInfo.ownCpuNanos();
            }
            if (b >= firstCounted) {
                broker.register(allRegistrations, sinceReport, last);
            } else {
                broker.register(allRegistrations, sinceReport);
            }
            broker.startHeartbeats();
            if ((b + 1) % reportEvery == 0 || b == n - 1) {
                log.accept(String.format(Locale.ROOT, "brokers %d-%d registered, %,d topics now: mean %s  p50 %s  max %s ms",
                    firstSinceReport + 1, b + 1, (long) (b + 1) * topics.perBroker(), number(sinceReport.meanMillis()),
                    number(sinceReport.millisAt(50)), number(sinceReport.maxMillis())));
                sinceReport = new LatencyStats();
                firstSinceReport = b + 1;
            }
        }
        last.window(System.nanoTime() - lastStart);
        last.cpu(server.cpuNanos() - serverCpu, MachineInfo.ownCpuNanos() - clientCpu);
        log.accept(String.format(Locale.ROOT, "the last %d brokers' registrations: mean %s  p50 %s ms  server CPU %s ms each",
            last.count(), number(last.meanMillis()), number(last.millisAt(50)), number(last.serverCpuMillisPerRequest())));
        return last;
    }

    /**
     * Phase 2: the brokers in turn, round after round, each time one more of a broker's topics turned
     * read-only, with a new data version. The warm-up rounds ({@code bench.scale.changeWarmupRounds})
     * let the JIT compile the changed-table path, which the new brokers of phase 1 never took (a
     * server that decodes every table in full took its one path there, 100 times, already); the
     * last round is returned, with the server CPU it took. Twenty by default: after five, C2 still
     * took a fifth of the server's CPU during the measured round (perf sched of the server's CPU),
     * compiling methods called a few times per request, which reach its thresholds only after
     * thousands of requests, and the requests it shared the CPU with made the p90.
     *
     * <p>Each round's bodies are encoded before the round is sent, and the load generator collects
     * its garbage in between, as JMH does between iterations: encoding each body just before it was
     * sent made the load generator pause for G1 (5 ms every 10 bodies or so, set off by the 1.7 MB
     * bodies' humongous allocations) while requests of either server were in flight.
     */
    private LatencyStats reRegister() throws InterruptedException {
        int n = brokers.size();
        int rounds = settings.changeWarmupRounds() + 1;
        LatencyStats warmupStats = new LatencyStats();
        LatencyStats measured = new LatencyStats();
        long start = 0;
        long serverCpu = 0;
        long clientCpu = 0;
        for (int round = 0; round < rounds; round++) {
            boolean measuring = round == rounds - 1;
            byte[][] bodies = new byte[n][];
            for (int b = 0; b < n; b++) {
                brokers.get(b).changeOneTopic();
                bodies[b] = brokers.get(b).nextBody();
            }
            System.gc();
            if (measuring) {
                start = System.nanoTime();
                serverCpu = server.cpuNanos();
                clientCpu = MachineInfo.ownCpuNanos();
            }
            for (int b = 0; b < n; b++) {
                brokers.get(b).register(bodies[b], allRegistrations, measuring ? measured : warmupStats);
            }
        }
        measured.window(System.nanoTime() - start);
        measured.cpu(server.cpuNanos() - serverCpu, MachineInfo.ownCpuNanos() - clientCpu);
        log.accept(String.format(Locale.ROOT, "re-registrations with one topic changed, warm-up %d: p50 %s  p90 %s  max %s ms",
            warmupStats.count(), number(warmupStats.millisAt(50)), number(warmupStats.millisAt(90)), number(warmupStats.maxMillis())));
        log.accept(String.format(Locale.ROOT, "re-registrations with one topic changed, measured %d: p50 %s  p90 %s  max %s ms"
                + "  server CPU %s ms each", measured.count(), number(measured.millisAt(50)), number(measured.millisAt(90)),
            number(measured.maxMillis()), number(measured.serverCpuMillisPerRequest())));
        return measured;
    }

    /**
     * The server holds what the brokers registered: the first and the last broker's last changed
     * topic is read-only and the topic after it read-write, each routed to that broker alone. A
     * server that skipped the changes would otherwise look fast.
     */
    private void checkRoutes() throws InterruptedException {
        BrokerConnection connection = brokers.get(brokers.size() - 1).connection();
        for (ScaleBroker broker : List.of(brokers.get(0), brokers.get(brokers.size() - 1))) {
            int changed = broker.readOnlyTopics();
            for (int topic : new int[] {changed - 1, changed}) {
                int perm = topic < changed ? RegistrationFrames.READ_ONLY : RegistrationFrames.READ_WRITE;
                String name = broker.topic(topic);
                try {
                    TopicRouteData route = connection.route(name, clientVersion, CHECK_TIMEOUT);
                    List<QueueData> queues = route.getQueueDatas();
                    if (queues.size() != 1 || !queues.get(0).getBrokerName().equals(broker.identity().name())
                        || queues.get(0).getPerm() != perm) {
                        problems.add(server + " routes " + name + " to " + queues + ", expected " + broker.identity().name()
                            + " with perm " + perm);
                    }
                } catch (IllegalStateException e) {
                    problems.add(server + ": " + e.getMessage());
                }
            }
        }
    }

    private static String heapLine(LiveHeap heap) {
        return String.format(Locale.ROOT, "live objects %,.1f MB (GC.class_histogram), G1 used %s MB (GC.heap_info); largest: %s",
            heap.liveMegabytes(), number(heap.usedMegabytes()), String.join(", ", heap.largestClasses()));
    }

    private static String number(double value) {
        return ResultTable.number(value);
    }

    /**
     * Stops the server before the brokers' connections close: closed the other way round, each
     * would have it unregister a broker's topics, for nothing.
     */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            brokers.forEach(ScaleBroker::close);
        }
    }
}
