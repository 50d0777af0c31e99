package io.namesrv.dist.crash;

import io.namesrv.dist.bench.BenchClient;
import io.namesrv.dist.bench.BrokerConnection;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.ItDirs;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The crash-consistency program: on one durable store, {@code cycles} times, start our server (a
 * child JVM), check it against every write acknowledged so far, storm it with registrations and KV
 * writes from {@link Storm#WORKERS} clients, and SIGKILL it at a random moment; then start it once
 * more and check. Each start after a kill is Chronicle's or the database's crash recovery, and the
 * check is made before any broker registers again: what the server answers is what its store kept.
 */
final class CrashCycles {
    private static final Duration BOOT_LINE_TIMEOUT = Duration.ofSeconds(10);

    private final String storeName;
    private final CrashSettings settings;
    private final PrintStream out;

    CrashCycles(String storeName, CrashSettings settings, PrintStream out) {
        this.storeName = storeName;
        this.settings = settings;
        this.out = out;
    }

    /**
     * The run checks what a store that answers guarantees. On two busy cores a commit can now and then
     * take longer than the default deadline of 1 s, and the server would rightly go on without the
     * store (the path {@code StoreOutageIT} checks); here it waits, up to 30 s.
     */
    private static Map<String, String> withPatientStoreWriter(Map<String, String> storeConfig) {
        Map<String, String> config = new HashMap<>(storeConfig);
        config.put("storeWriteTimeoutMillis", "30000");
        return config;
    }

    CrashReport run() throws Exception {
        long began = System.nanoTime();
        Random random = new Random(settings.seed());
        AcknowledgedWrites writes = new AcknowledgedWrites();
        CrashReport report = new CrashReport(storeName, settings.seed());
        Path dir = ItDirs.newDir("crash-" + storeName);
        out.printf("crash consistency on %s: %d cycles, seed %d (-D%s), server logs in %s%n", storeName,
            settings.cycles(), settings.seed(), CrashSettings.SEED_PROPERTY, dir);
        try (StoreUnderTest store = StoreUnderTest.open(storeName); BenchClient client = new BenchClient()) {
            for (int cycle = 1; cycle <= settings.cycles() + 1; cycle++) {
                long startedAt = System.nanoTime();
                DistNamesrvProcess server = DistNamesrvProcess.start(dir, withPatientStoreWriter(store.config()));
                try {
                    server.jvm().awaitLog("The Name Server boot success", BOOT_LINE_TIMEOUT);
                    Duration startTook = Duration.ofNanos(System.nanoTime() - startedAt);
                    StartupLog startup = StartupLog.of(server.jvm().log());
                    report.started(startup, startTook);
                    InetSocketAddress address = addressOf(server);
                    RestartCheck.Result check;
                    try (BrokerConnection connection = BrokerConnection.open(client, address)) {
                        check = RestartCheck.run(connection, writes);
                    }
                    report.checked(check);
                    if (cycle == 1) {
                        startup.storeLines().forEach(line -> out.println("  " + line));
                    }
                    String checked = String.format("start %.1f s, checked %d brokers, %d queue entries, %d KV entries,"
                            + " lost %d%s", startTook.toMillis() / 1000.0, check.brokers(), check.queueEntries(),
                        check.kvEntries(), check.lost().size(), startup.repairs().isEmpty() ? ""
                            : ", store repaired: " + String.join(" | ", startup.repairs()));
                    if (cycle > settings.cycles()) {
                        out.printf("  after the last kill: %s%n", checked);
                        break;
                    }
                    Duration stormLength = CrashSettings.stormLength(random);
                    Storm.Outcome storm = Storm.run(client, address, writes, random.nextLong(), stormLength,
                        () -> server.jvm().kill());
                    if (server.jvm().isAlive()) {
                        throw new IllegalStateException(server.describe() + " survived SIGKILL");
                    }
                    report.stormed(storm);
                    out.printf("  cycle %d/%d: %s; storm %d ms, %d requests, %d unanswered at the kill%s%n", cycle,
                        settings.cycles(), checked, stormLength.toMillis(), storm.requestsSent(), storm.unanswered(),
                        storm.failuresBeforeKill().isEmpty() ? "" : ", FAILED before the kill: "
                            + storm.failuresBeforeKill());
                } finally {
                    server.close();
                }
            }
        }
        report.finished(writes, Duration.ofNanos(System.nanoTime() - began));
        out.println(report.summary());
        return report;
    }

    private static InetSocketAddress addressOf(DistNamesrvProcess server) {
        String address = server.address();
        int colon = address.lastIndexOf(':');
        return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
    }
}
