package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoredRoutes;
import io.namesrv.core.spi.TopicBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Prints (never asserts) what the store costs with its default sizing: disk use, open time and
 * registration time. Off unless asked for:
 * {@code mvn -B -o verify -pl namesrv-store-chronicle -Dtest=ChronicleStoreFiguresTest -Dnamesrv.figures=true}
 */
@EnabledIfSystemProperty(named = "namesrv.figures", matches = "true")
@Timeout(600)
class ChronicleStoreFiguresTest {
    private static final BrokerAddr ADDR = new BrokerAddr("DefaultCluster", "127.0.0.1:10911");

    @TempDir
    Path tempDir;

    @Test
    void printFigures() throws Exception {
        Path store = tempDir.resolve("store-100k");
        NamesrvConfig config = NamesrvConfig.of(Map.of(NamesrvConfig.STORE_PATH.name(), store.toString()));

        long start = System.nanoTime();
        new ChronicleRouteStoreProvider().open(config).close();
        print("first open in this JVM, new empty store (includes Chronicle's one-time class compilation)", start);

        start = System.nanoTime();
        try (RouteStore s = new ChronicleRouteStoreProvider().open(config)) {
            s.apply(registration("topic-with-a-typical-name-", 100_000, 1, 8));
        }
        print("open + apply of 100,000 topics on 1 broker + close", start);
        printDiskUse(store);

        for (int i = 1; i <= 3; i++) {
            start = System.nanoTime();
            try (RouteStore s = new ChronicleRouteStoreProvider().open(config)) {
                print("reopen (with the integrity check) of a store of 100,000 topics, run " + i, start);
                long load = System.nanoTime();
                StoredRoutes routes = s.loadRoutes();
                print("then loadRoutes of " + routes.topicQueues().size() + " topics", load);
                print("open + loadRoutes", start);
            }
        }
        try (ChildJvm child = ChildJvm.start(ColdOpen.class, store.toString())) {
            child.awaitLine("done");
        }
        Files.delete(store.resolve(CleanShutdownMarker.FILE_NAME));
        start = System.nanoTime();
        try (RouteStore s = new ChronicleRouteStoreProvider().open(config)) {
            StoredRoutes routes = s.loadRoutes();
            print("reopen after an unclean stop (Chronicle recovery) + loadRoutes of " + routes.topicQueues().size()
                + " topics", start);
        }

        Path other = tempDir.resolve("store-10k");
        try (RouteStore s = new ChronicleRouteStoreProvider().open(
            NamesrvConfig.of(Map.of(NamesrvConfig.STORE_PATH.name(), other.toString())))) {
            for (int version = 1; version <= 6; version++) {
                RouteChange change = registration("topic-", 10_000, version, version % 2 == 0 ? 4 : 8);
                start = System.nanoTime();
                s.apply(change);
                print("apply of a registration of 10,000 topics, " + (version == 1 ? "new broker" : "changed queues")
                    + ", run " + version, start);
            }
        }
    }

    /** A restart: a new JVM opens the store and loads its routes, and says how long that took. */
    public static final class ColdOpen {
        public static void main(String[] args) {
            long start = System.nanoTime();
            NamesrvConfig config = NamesrvConfig.of(Map.of(NamesrvConfig.STORE_PATH.name(), args[0]));
            try (RouteStore s = new ChronicleRouteStoreProvider().open(config)) {
                int topics = s.loadRoutes().topicQueues().size();
                System.out.printf("FIGURE %-100s %8.1f ms%n", "new JVM: open + loadRoutes of " + topics + " topics",
                    (System.nanoTime() - start) / 1e6);
            }
            System.out.println("done");
        }
    }

    private static RouteChange registration(String topicPrefix, int topics, long version, int queueNums) {
        Map<TopicBroker, QueueData> queues = new HashMap<>();
        for (int i = 0; i < topics; i++) {
            queues.put(new TopicBroker(topicPrefix + i, "broker-a"), new QueueData("broker-a", queueNums, queueNums, 6, 0));
        }
        return new RouteChange(Map.of("DefaultCluster", Set.of("broker-a")), Set.of(),
            Map.of("broker-a", new BrokerData("DefaultCluster", "broker-a", new TreeMap<>(Map.of(0L, ADDR.brokerAddr())),
                null, false)), Set.of(), queues, Set.of(),
            Map.of(ADDR, new BrokerLiveInfo(version, 120_000, new DataVersion(0, version, version), null)), Set.of());
    }

    private static void print(String what, long startNanos) {
        System.out.printf("FIGURE %-100s %8.1f ms%n", what, (System.nanoTime() - startNanos) / 1e6);
    }

    private static void printDiskUse(Path dir) throws IOException, InterruptedException {
        System.out.println("FIGURE disk use of " + dir + " (du -k: allocated KiB, then apparent KiB):");
        System.out.print(run("sh", "-c", "cd '" + dir + "' && du -k -- * | sort -k2 && du -k --apparent-size -- * | sort -k2"
            + " && echo total && du -sk . && du -sk --apparent-size ."));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }
}
