package io.namesrv.dist.bench;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.QueueData;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.core.spi.StoredRoutes;
import io.namesrv.core.spi.TopicBroker;

import java.io.IOException;
import java.io.Reader;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The child JVMs of {@link StoreScaleBench}, on the store the config file names:
 * <ul>
 *   <li>{@code write CONFIG BROKERS TOPICS_PER_BROKER SAMPLES}: registers every broker group (one
 *       {@link RouteChange} per group, as a first registration makes it: the cluster's members so far,
 *       the group, its queues, its live entry), then applies SAMPLES one-topic changes (one queue
 *       put and one live put) timing each, prints {@code ACKED ...} and waits to be killed;</li>
 *   <li>{@code load CONFIG}: opens the store and reads it back, timing both, and exits without
 *       closing it (a server killed again);</li>
 *   <li>{@code boot CONFIG}: the same through the server's own load ({@link NameServer#load()}: the
 *       store read and the route image built).</li>
 * </ul>
 * Results are printed as one line of {@code key=value} pairs after a leading word.
 */
public final class StoreScaleWorker {
    static final String CLUSTER = "ScaleCluster";

    private StoreScaleWorker() {
    }

    public static void main(String[] args) throws Exception {
        NamesrvConfig config = NamesrvConfig.of(readConfig(Path.of(args[1])));
        switch (args[0]) {
            case "write" -> write(config, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "load" -> load(config);
            case "boot" -> boot(config);
            default -> throw new IllegalArgumentException("write, load or boot, not " + args[0]);
        }
    }

    static String brokerName(int broker) {
        return String.format(Locale.ROOT, "broker-%04d", broker);
    }

    static String topic(int broker, int topic) {
        return String.format(Locale.ROOT, "bench-scale-topic-%04d-%05d", broker, topic);
    }

    static BrokerAddr addr(int broker) {
        return new BrokerAddr(CLUSTER, "10.1." + broker / 250 + "." + broker % 250 + ":10911");
    }

    private static void write(NamesrvConfig config, int brokers, int topicsPerBroker, int samples) throws Exception {
        try (RouteStore store = open(config)) {
            Set<String> members = new LinkedHashSet<>();
            long start = System.nanoTime();
            for (int b = 0; b < brokers; b++) {
                String name = brokerName(b);
                members.add(name);
                Map<TopicBroker, QueueData> queues = new HashMap<>(topicsPerBroker * 4 / 3 + 1);
                QueueData queueData = new QueueData(name, 8, 8, 6, 0);
                for (int t = 0; t < topicsPerBroker; t++) {
                    queues.put(new TopicBroker(topic(b, t), name), queueData);
                }
                BrokerData broker = new BrokerData(CLUSTER, name, new TreeMap<>(Map.of(0L, addr(b).brokerAddr())), null, false);
                store.apply(new RouteChange(Map.of(CLUSTER, Set.copyOf(members)), Set.of(), Map.of(name, broker), Set.of(),
                    queues, Set.of(), Map.of(addr(b), live(1)), Set.of()));
                if ((b + 1) % 10 == 0 || b + 1 == brokers) {
                    System.out.printf(Locale.ROOT, "registered %d of %d broker groups, %.1f s%n", b + 1, brokers,
                        (System.nanoTime() - start) / 1e9);
                }
            }
            long writeNanos = System.nanoTime() - start;

            long[] applyNanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                int b = Math.floorMod(i * 31, brokers);
                int t = Math.floorMod(i * 7919, topicsPerBroker);
                String name = brokerName(b);
                RouteChange oneTopic = new RouteChange(Map.of(), Set.of(), Map.of(), Set.of(),
                    Map.of(new TopicBroker(topic(b, t), name), new QueueData(name, 8, 8, i % 2 == 0 ? 4 : 6, 0)), Set.of(),
                    Map.of(addr(b), live(2 + i)), Set.of());
                long applyStart = System.nanoTime();
                store.apply(oneTopic);
                applyNanos[i] = System.nanoTime() - applyStart;
            }
            Arrays.sort(applyNanos);
            System.out.printf(Locale.ROOT, "ACKED writeMillis=%.0f applyMedianMillis=%.3f applyP90Millis=%.3f"
                    + " applyMaxMillis=%.3f samples=%d%n", writeNanos / 1e6, percentile(applyNanos, 50) / 1e6,
                percentile(applyNanos, 90) / 1e6, applyNanos[samples - 1] / 1e6, samples);
            System.out.flush();
            // the last apply is acknowledged: wait here, store open, for kill -9
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static void load(NamesrvConfig config) {
        long start = System.nanoTime();
        RouteStore store = open(config);
        long opened = System.nanoTime();
        StoredRoutes routes = store.loadRoutes();
        long loaded = System.nanoTime();
        long queueEntries = 0;
        for (Map<String, QueueData> queues : routes.topicQueues().values()) {
            queueEntries += queues.size();
        }
        System.out.printf(Locale.ROOT, "LOADED openMillis=%.0f loadMillis=%.0f topics=%d queueEntries=%d brokers=%d"
                + " clusterMembers=%d live=%d heapMiB=%d%n", (opened - start) / 1e6, (loaded - opened) / 1e6,
            routes.topicQueues().size(), queueEntries, routes.brokers().size(),
            routes.clusters().values().stream().mapToInt(Set::size).sum(), routes.live().size(), usedHeapMiB());
        System.out.flush();
        // the store stays open, as in a server: a store found unreachable would be closed by Chronicle's cleaner
        Reference.reachabilityFence(store);
        Reference.reachabilityFence(routes);
        exitUncleanly();
    }

    private static void boot(NamesrvConfig config) {
        long start = System.nanoTime();
        RouteStore store = open(config);
        long opened = System.nanoTime();
        NameServer server = new NameServer(config, store, Clock.systemUTC());
        server.load();
        long loaded = System.nanoTime();
        System.out.printf(Locale.ROOT, "BOOTED openMillis=%.0f serverLoadMillis=%.0f topics=%d heapMiB=%d%n",
            (opened - start) / 1e6, (loaded - opened) / 1e6, server.routes().image().topicQueues().size(), usedHeapMiB());
        System.out.flush();
        Reference.reachabilityFence(server);
        exitUncleanly();
    }

    /**
     * As if killed again, so that the next process opens the store after an unclean stop too; with
     * {@code -Dbench.scale.exitHooks=true}, shutdown hooks still run (a flight recording is written)
     * but the store is not closed.
     */
    private static void exitUncleanly() {
        if (Boolean.getBoolean("bench.scale.exitHooks")) {
            System.exit(0);
        }
        Runtime.getRuntime().halt(0);
    }

    private static RouteStore open(NamesrvConfig config) {
        String storeType = config.get(NamesrvConfig.STORE_TYPE);
        return RouteStores.byName(storeType, StoreScaleWorker.class.getClassLoader()).open(config);
    }

    private static BrokerLiveInfo live(long version) {
        return new BrokerLiveInfo(System.currentTimeMillis(), 120_000, new DataVersion(0, version, version), null);
    }

    private static long percentile(long[] sorted, int percent) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percent / 100.0) - 1)];
    }

    /** After a full GC, so that it counts what the loaded routes hold. */
    private static long usedHeapMiB() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) >> 20;
    }

    private static Map<String, String> readConfig(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> config = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        return config;
    }
}
