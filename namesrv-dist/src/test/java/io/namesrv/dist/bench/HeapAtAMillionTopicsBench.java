package io.namesrv.dist.bench;

import io.namesrv.dist.support.ItDirs;
import io.netty.buffer.PooledByteBufAllocator;
import org.apache.rocketmq.common.MQVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The heap each name server holds for a million topics: {@code bench.heapBrokers} brokers (100),
 * each registering {@code bench.topics} topics (10,000) twice (the second time repeated, as every
 * 30 s), over one connection; each broker its own topics, or with {@code -Dbench.heapSharedTopics=true}
 * all of them the same ones. Live bytes are counted by the JVM's class histogram, which collects
 * first, before the registrations and after, and the difference is divided by brokers x topics.
 */
class HeapAtAMillionTopicsBench {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    /** The histogram's header and its biggest classes. */
    private static final int HISTOGRAM_LINES = 18;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void liveHeapPerRegisteredTopic() throws Exception {
        int brokers = Integer.getInteger("bench.heapBrokers", 100);
        int topics = Integer.getInteger("bench.topics", 10_000);
        boolean sharedTopics = Boolean.getBoolean("bench.heapSharedTopics");
        List<BrokerIdentity> identities = IntStream.range(0, brokers)
            .mapToObj(i -> new BrokerIdentity("BenchCluster", "heap-broker-" + i, "127.0.0.1:" + (20_000 + i))).toList();
        List<RegistrationFrames> framesOfBroker = IntStream.range(0, brokers)
            .mapToObj(broker -> sharedTopics && broker > 0 ? null : new RegistrationFrames(
                IntStream.range(0, topics).mapToObj(i -> "bench-topic-" + (sharedTopics ? i : broker * topics + i)).toList(),
                MQVersion.CURRENT_VERSION, BenchFixtures.HEARTBEAT_TIMEOUT_MILLIS))
            .toList();
        long counter = 1;
        try (BenchClient client = new BenchClient()) {
            for (BenchServer.Kind kind : BenchServer.Kind.values()) {
                try (BenchServer server = BenchServer.start(kind, ItDirs.newDir("bench-heap-" + kind),
                    List.of("-Xms256m", "-Xmx3g", "-XX:+UseG1GC"), "memory");
                     BrokerConnection connection = BrokerConnection.open(client, server.address())) {
                    long idle = liveBytes(classHistogram(server.pid()));
                    for (int round = 0; round < 2; round++) {
                        for (int broker = 0; broker < brokers; broker++) {
                            RegistrationFrames frames = framesOfBroker.get(sharedTopics ? 0 : broker);
                            int opaque = connection.nextOpaque();
                            BrokerConnection.Reply reply = connection.callFrame(frames.registerFrame(
                                PooledByteBufAllocator.DEFAULT, identities.get(broker), ++counter, opaque), opaque,
                                CALL_TIMEOUT, new long[1]);
                            assertEquals(0, reply.response().code(), server + ": " + reply.response().remark());
                        }
                    }
                    String histogram = classHistogram(server.pid());
                    long loaded = liveBytes(histogram);
                    System.out.println(kind.label + ", the classes holding most:");
                    histogram.lines().limit(HISTOGRAM_LINES).forEach(System.out::println);
                    System.out.printf(Locale.ROOT, "%s: %d brokers x %,d topics (%s): live heap %,d bytes idle, %,d"
                            + " registered, %.1f bytes per topic%n", kind.label, brokers, topics,
                        sharedTopics ? "the same topics on every broker" : "each broker its own", idle, loaded,
                        (double) (loaded - idle) / ((long) brokers * topics));
                }
            }
        }
    }

    /** The class histogram of the objects alive in {@code pid} (jcmd's, taken after a full GC). */
    private static String classHistogram(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd failed: " + out);
        }
        return out;
    }

    /** The bytes of the objects a class histogram counts: its total. */
    private static long liveBytes(String histogram) {
        String total = histogram.lines().filter(line -> line.startsWith("Total")).findFirst()
            .orElseThrow(() -> new IllegalStateException("no Total in jcmd's histogram: " + histogram));
        String[] fields = total.trim().split("\\s+");
        return Long.parseLong(fields[fields.length - 1]);
    }
}
