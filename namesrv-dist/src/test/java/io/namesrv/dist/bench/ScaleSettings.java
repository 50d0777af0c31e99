package io.namesrv.dist.bench;

import java.time.Duration;
import java.util.List;

import static io.namesrv.dist.bench.BenchSettings.intProp;
import static io.namesrv.dist.bench.BenchSettings.require;
import static io.namesrv.dist.bench.BenchSettings.split;

/**
 * What the scale comparison runs, from system properties (all optional, e.g.
 * {@code -Dbench.scale.brokers=10 -Dbench.scale.topics=1000}): the defaults fill each server's
 * tables with 100 brokers of 10,000 topics of their own, a million topics. {@code bench.servers},
 * {@code bench.storeType} and the CPU layout ({@code bench.pin}, {@code bench.clientCpus},
 * {@code bench.serverCpus}) are read as {@link BenchSettings} reads them.
 */
record ScaleSettings(
    int brokers,
    int topicsPerBroker,
    int changeWarmupRounds,
    List<String> serverJvmOptions,
    RouteQueryWindow routeQueries,
    String storeType,
    List<String> servers,
    String clientCpus,
    String serverCpus) {

    /** Whose registrations the first row of the table reports: the brokers that register into the fullest table. */
    static final int LAST_BROKERS = 10;
    /** A body must stay under the name servers' 16 MiB frame limit (about 200 bytes a topic). */
    private static final int MAX_TOPICS_PER_BROKER = 50_000;

    static ScaleSettings fromSystemProperties() {
        CpuPinning.Layout layout = BenchSettings.cpuLayout();
        ScaleSettings s = new ScaleSettings(
            intProp("bench.scale.brokers", 100),
            intProp("bench.scale.topics", 10_000),
            intProp("bench.scale.changeWarmupRounds", 20),
            split(System.getProperty("bench.scale.jvmOptions", "-Xms2g -Xmx2g -XX:+UseG1GC")),
            new RouteQueryWindow(
                intProp("bench.scale.connections", 64),
                intProp("bench.scale.pipeline", 16),
                Duration.ofSeconds(intProp("bench.scale.routeWarmupSeconds", 5)),
                Duration.ofSeconds(intProp("bench.scale.routeSeconds", 20))),
            BenchSettings.storeTypeProperty(),
            BenchSettings.serversProperty(),
            layout.clientCpus(),
            layout.serverCpus());
        s.validate();
        return s;
    }

    private void validate() {
        require(brokers >= 1 && brokers <= 1_000, "bench.scale.brokers in 1..1000");
        require(topicsPerBroker >= 3 && topicsPerBroker <= MAX_TOPICS_PER_BROKER, "bench.scale.topics in 3.." + MAX_TOPICS_PER_BROKER);
        require(changeWarmupRounds >= 1 && changeWarmupRounds < Math.min(50, topicsPerBroker),
            "bench.scale.changeWarmupRounds in 1..49, and fewer than bench.scale.topics");
        require((long) brokers * topicsPerBroker <= 10_000_000L, "bench.scale.brokers x bench.scale.topics at most 10,000,000");
        require(routeQueries.connections() >= 1 && routeQueries.connections() <= 1024, "bench.scale.connections in 1..1024");
        require(routeQueries.depth() >= 1 && routeQueries.depth() <= PipelinedRouteLoad.MAX_DEPTH,
            "bench.scale.pipeline in 1.." + PipelinedRouteLoad.MAX_DEPTH);
        require(!routeQueries.warmup().isNegative() && routeQueries.warmup().compareTo(Duration.ofMinutes(5)) <= 0,
            "bench.scale.routeWarmupSeconds in 0..300");
        require(routeQueries.window().toSeconds() >= 1 && routeQueries.window().compareTo(Duration.ofMinutes(5)) <= 0,
            "bench.scale.routeSeconds in 1..300");
    }

    /** How many one-topic re-registrations run in all: the warm-up rounds and the measured one, every broker in each. */
    int reRegistrations() {
        return (changeWarmupRounds + 1) * brokers;
    }

    int totalTopics() {
        return brokers * topicsPerBroker;
    }

    /** How many of the last brokers' registrations the first row reports (all of them in a run of fewer than ten). */
    int lastBrokers() {
        return Math.min(LAST_BROKERS, brokers);
    }
}
