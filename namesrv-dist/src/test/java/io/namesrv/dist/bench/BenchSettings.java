package io.namesrv.dist.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the load comparison runs, from system properties (all optional; pass them on the Maven
 * command line, e.g. {@code -Dbench.routeSeconds=30}). The defaults keep a whole run under ten
 * minutes on a two-core machine.
 */
record BenchSettings(
    int warmupRounds,
    int rounds,
    Duration warmup,
    Duration routeWindow,
    Duration mixedWarmup,
    Duration mixedWindow,
    List<Duration> stormIntervals,
    int connections,
    int pipelineDepth,
    int topics,
    int brokers,
    int registrationWarmup,
    int registrations,
    List<String> serverJvmOptions,
    String storeType,
    List<String> servers,
    String clientCpus,
    String serverCpus) {

    /** @param defaultWarmupRounds the whole rounds run first and counted out, unless bench.warmupRounds says */
    static BenchSettings fromSystemProperties(int defaultWarmupRounds) {
        CpuPinning.Layout layout = cpuLayout();
        BenchSettings s = new BenchSettings(
            intProp("bench.warmupRounds", defaultWarmupRounds),
            intProp("bench.rounds", 2),
            Duration.ofSeconds(intProp("bench.warmupSeconds", 5)),
            Duration.ofSeconds(intProp("bench.routeSeconds", 15)),
            Duration.ofSeconds(intProp("bench.mixedWarmupSeconds", 3)),
            Duration.ofSeconds(intProp("bench.mixedSeconds", 15)),
            millisList(System.getProperty("bench.stormIntervalsMillis", "20,0")),
            intProp("bench.connections", 64),
            intProp("bench.pipeline", 4),
            intProp("bench.topics", 10_000),
            intProp("bench.brokers", 2),
            intProp("bench.registrationWarmup", 20),
            intProp("bench.registrations", 50),
            split(System.getProperty("bench.jvmOptions", "-Xms512m -Xmx512m -XX:+UseG1GC")),
            storeTypeProperty(),
            serversProperty(),
            layout.clientCpus(),
            layout.serverCpus());
        s.validate();
        return s;
    }

    /** bench.storeType: our server's store. */
    static String storeTypeProperty() {
        return System.getProperty("bench.storeType", "memory").trim().toLowerCase(Locale.ROOT);
    }

    /** bench.servers: the servers to run, in order, each "apache" or "ours". */
    static List<String> serversProperty() {
        List<String> servers = split(System.getProperty("bench.servers", "apache,ours").replace(',', ' '));
        for (String server : servers) {
            require(server.equals("apache") || server.equals("ours"), "bench.servers: apache and/or ours, not " + server);
        }
        require(!servers.isEmpty(), "bench.servers names at least one server");
        return servers;
    }

    /** bench.clientCpus / bench.serverCpus if given, else shared with bench.pin=false, else the default split. */
    static CpuPinning.Layout cpuLayout() {
        String clientCpus = System.getProperty("bench.clientCpus", "").trim();
        String serverCpus = System.getProperty("bench.serverCpus", "").trim();
        if (!clientCpus.isEmpty() || !serverCpus.isEmpty()) {
            return new CpuPinning.Layout(clientCpus, serverCpus);
        }
        String pin = System.getProperty("bench.pin", "true").trim();
        require(pin.equals("true") || pin.equals("false"), "bench.pin: true or false, not " + pin);
        return pin.equals("true") ? CpuPinning.defaultLayout() : CpuPinning.Layout.SHARED;
    }

    private void validate() {
        require(warmupRounds >= 0 && warmupRounds <= 3, "bench.warmupRounds in 0..3");
        require(rounds >= 1 && rounds <= 10, "bench.rounds in 1..10");
        require(connections >= 1 && connections <= 1024, "bench.connections in 1..1024");
        require(pipelineDepth >= 1 && pipelineDepth <= PipelinedRouteLoad.MAX_DEPTH, "bench.pipeline in 1.." + PipelinedRouteLoad.MAX_DEPTH);
        require(topics >= 1 && topics <= 100_000, "bench.topics in 1..100000");
        require(brokers >= 1 && brokers <= 16, "bench.brokers in 1..16");
        require(registrations >= 1 && registrations <= 1_000, "bench.registrations in 1..1000");
        require(registrationWarmup >= 0, "bench.registrationWarmup >= 0");
        for (Duration d : List.of(warmup, routeWindow, mixedWarmup, mixedWindow)) {
            require(!d.isNegative() && d.compareTo(Duration.ofMinutes(5)) <= 0, "durations in 0..300 s");
        }
        require(!stormIntervals.isEmpty() && stormIntervals.size() == stormIntervals.stream().distinct().count(),
            "bench.stormIntervalsMillis names one or more different intervals");
        for (Duration interval : stormIntervals) {
            require(!interval.isNegative() && interval.compareTo(Duration.ofMinutes(1)) <= 0, "bench.stormIntervalsMillis in 0..60000");
        }
        require(routeWindow.toMillis() > 0 && mixedWindow.toMillis() > 0, "measurement windows > 0 s");
    }

    /** The same settings with our server on another store. */
    BenchSettings withStoreType(String otherStoreType) {
        return new BenchSettings(warmupRounds, rounds, warmup, routeWindow, mixedWarmup, mixedWindow, stormIntervals, connections,
            pipelineDepth, topics, brokers, registrationWarmup, registrations, serverJvmOptions, otherStoreType, servers,
            clientCpus, serverCpus);
    }

    /** A rough upper bound of the run time, for the start banner. */
    Duration estimate() {
        long perServerRound = warmup.plus(routeWindow).toSeconds()
            + stormIntervals.size() * mixedWarmup.plus(mixedWindow).toSeconds() + registrationWarmup + registrations + 5;
        return Duration.ofSeconds(30 + (warmupRounds + rounds) * servers.size() * perServerRound);
    }

    static int intProp(String key, int def) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }

    private static List<Duration> millisList(String s) {
        return split(s.replace(',', ' ')).stream().map(ms -> Duration.ofMillis(Integer.parseInt(ms))).toList();
    }

    static List<String> split(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("invalid bench setting: " + what);
        }
    }
}
