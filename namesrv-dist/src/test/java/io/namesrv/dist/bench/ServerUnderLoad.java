package io.namesrv.dist.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running name server and the workloads against it: populate, route-query, registration and
 * mixed. Each workload returns its measurement; nothing here asserts anything about speed.
 */
final class ServerUnderLoad implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** Shared by all servers so data versions only ever grow: every registration is a change. */
    private static final AtomicLong DATA_VERSIONS = new AtomicLong(1);

    private final BenchServer server;
    private final BenchClient client;
    private final BenchSettings settings;
    private final BenchFixtures fixtures;
    private final BrokerConnection brokerConnection;

    private ServerUnderLoad(BenchServer server, BenchClient client, BenchSettings settings, BenchFixtures fixtures)
        throws InterruptedException {
        this.server = server;
        this.client = client;
        this.settings = settings;
        this.fixtures = fixtures;
        this.brokerConnection = BrokerConnection.open(client, server.address());
    }

    static ServerUnderLoad start(BenchServer.Kind kind, Path workDir, BenchClient client, BenchSettings settings,
                                 BenchFixtures fixtures) throws InterruptedException {
        BenchServer server = BenchServer.start(kind, workDir, settings.serverJvmOptions(), settings.storeType());
        CpuPinning.pin(server.pid(), settings.serverCpus());
        try {
            return new ServerUnderLoad(server, client, settings, fixtures);
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    BenchServer.Kind kind() {
        return server.kind();
    }

    BenchServer server() {
        return server;
    }

    long heartbeatFailures() {
        return brokerConnection.heartbeatFailures();
    }

    /**
     * Registers every broker with every topic, checks that a route names them all, and starts
     * heartbeats. Returns the registrations' round trips.
     */
    LatencyStats populate() throws InterruptedException {
        LatencyStats stats = new LatencyStats();
        for (BrokerIdentity broker : fixtures.brokers()) {
            register(broker, stats);
        }
        if (stats.errors() > 0) {
            throw new IllegalStateException(server + " refused a registration: " + stats.firstError());
        }
        String topic = fixtures.topics().get(fixtures.topics().size() - 1);
        TopicRouteData route = brokerConnection.route(topic, fixtures.clientVersion(), CALL_TIMEOUT);
        int brokers = fixtures.brokers().size();
        if (route.getBrokerDatas().size() != brokers || route.getQueueDatas().size() != brokers) {
            throw new IllegalStateException(server + " routes " + topic + " to " + route + ", expected " + brokers + " brokers");
        }
        brokerConnection.startHeartbeats(fixtures.brokers(), BenchFixtures.HEARTBEAT_TIMEOUT_MILLIS, fixtures.clientVersion());
        return stats;
    }

    /** Workload 2: pipelined route queries, warm-up then one window. */
    LatencyStats routeQuery() throws InterruptedException {
        return new RouteQueryWindow(settings.connections(), settings.pipelineDepth(), settings.warmup(), settings.routeWindow())
            .measure(client, server, fixtures.routeFrames());
    }

    /**
     * Workload 3: one registration of every topic at a time, each with a new data version; with
     * {@code tableChanges}, every other one with its first topic read-only, so that each
     * registration's topic table differs from the one before it. Ends on the usual table.
     */
    LatencyStats registration(boolean tableChanges) throws InterruptedException {
        BrokerIdentity broker = fixtures.brokers().get(0);
        LatencyStats warmup = new LatencyStats();
        for (int i = 0; i < settings.registrationWarmup(); i++) {
            register(broker, warmup, tableChanges && i % 2 == 0);
        }
        LatencyStats stats = new LatencyStats();
        long serverCpu = server.cpuNanos();
        long clientCpu = MachineInfo.ownCpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < settings.registrations(); i++) {
            register(broker, stats, tableChanges && (settings.registrations() - i) % 2 == 0);
        }
        stats.window(System.nanoTime() - start);
        stats.cpu(server.cpuNanos() - serverCpu, MachineInfo.ownCpuNanos() - clientCpu);
        if (warmup.errors() > 0) {
            stats.error("during warm-up: " + warmup.firstError());
        }
        return stats;
    }

    /**
     * Workload 4: route queries as in workload 2 while broker 0 re-registers, once every
     * {@code stormInterval} (the same storm for every server), or back to back when it is zero
     * (a faster server gets a heavier storm).
     */
    Mixed mixed(Duration stormInterval) throws InterruptedException {
        BrokerIdentity broker = fixtures.brokers().get(0);
        try (PipelinedRouteLoad load = startRouteLoad()) {
            server.pace(settings.mixedWarmup());
            LatencyStats storm = new LatencyStats();
            long serverCpu = server.cpuNanos();
            long clientCpu = MachineInfo.ownCpuNanos();
            load.beginWindow();
            long start = System.nanoTime();
            long end = start + settings.mixedWindow().toNanos();
            long interval = stormInterval.toNanos();
            long next = start;
            while (System.nanoTime() - end < 0) {
                server.assertAlive();
                if (interval > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        server.pace(Duration.ofNanos(Math.min(wait, end - System.nanoTime())));
                    }
                    next += interval;
                    if (System.nanoTime() - end >= 0) {
                        break;
                    }
                }
                register(broker, storm);
            }
            load.endWindow();
            storm.window(System.nanoTime() - start);
            serverCpu = server.cpuNanos() - serverCpu;
            clientCpu = MachineInfo.ownCpuNanos() - clientCpu;
            LatencyStats route = load.collect(RouteQueryWindow.DRAIN_TIMEOUT);
            route.cpu(serverCpu, clientCpu);
            return new Mixed(route, storm);
        }
    }

    /** The route queries and the registrations of one mixed run. */
    record Mixed(LatencyStats route, LatencyStats registrations) {
    }

    private PipelinedRouteLoad startRouteLoad() throws InterruptedException {
        return PipelinedRouteLoad.start(client, server.address(), fixtures.routeFrames(), settings.connections(),
            settings.pipelineDepth());
    }

    private void register(BrokerIdentity broker, LatencyStats stats) throws InterruptedException {
        register(broker, stats, false);
    }

    private void register(BrokerIdentity broker, LatencyStats stats, boolean oneTopicChanged) throws InterruptedException {
        int opaque = brokerConnection.nextOpaque();
        ByteBuf frame = fixtures.registrationFrames().registerFrame(PooledByteBufAllocator.DEFAULT, broker,
            DATA_VERSIONS.incrementAndGet(), opaque, oneTopicChanged);
        long[] sentAt = new long[1];
        BrokerConnection.Reply reply = brokerConnection.callFrame(frame, opaque, CALL_TIMEOUT, sentAt);
        if (reply.response().code() != 0) {
            stats.error("REGISTER_BROKER answered " + reply.response().code() + ": " + reply.response().remark());
        } else {
            stats.record(reply.receivedAtNanos() - sentAt[0], 0);
        }
    }

    @Override
    public void close() {
        try {
            brokerConnection.close();
        } finally {
            server.close();
        }
    }
}
