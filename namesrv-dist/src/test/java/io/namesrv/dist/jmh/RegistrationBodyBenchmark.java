package io.namesrv.dist.jmh;

import io.namesrv.remoting.body.RegisterBrokerBody;
import io.namesrv.remoting.body.RegisterBrokerBodyDecoder;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decoding the body a real 5.4.0 broker sends with 10,000 topics, as JSON and compressed: read in
 * full, re-sent by the same broker (a JSON table it sent last time is not read again), and re-sent
 * with one topic changed each time (only that topic is read again); and both re-sent held in 64 KiB
 * read buffers with their bodyCrc32 checked, as the server takes a registration of 64 KiB or more;
 * and that last one from 100 brokers in turn, to a decoder that remembers them all as the server's
 * does (a million topics).
 */
@State(Scope.Benchmark)
public class RegistrationBodyBenchmark {
    @Param({"false", "true"})
    public boolean compressed;

    private static final int BROKERS = 100;

    private final RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1L << 30);
    /** As the server makes it, with the default frameMaxLength of 16 MiB. */
    private final RegisterBrokerBodyDecoder serversDecoder = new RegisterBrokerBodyDecoder(8L << 24);
    private int nextRegistration;
    private byte[] body;
    /** {@link #body} with one topic read-only, then back: every registration changes one topic. */
    private byte[][] changedBodies;
    private int nextChanged;
    /** {@link #body} in reads of 64 KiB, as the frame decoder holds it, and the header's bodyCrc32. */
    private CompositeByteBuf heldBody;
    private int bodyCrc32;
    /** {@link #changedBodies} so held, and their bodyCrc32. */
    private CompositeByteBuf[] heldChangedBodies;
    private int[] changedBodyCrc32s;

    @Setup
    public void encode() {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        DataVersion version = new DataVersion();
        version.nextVersion();
        wrapper.setDataVersion(version);
        for (int i = 0; i < 10_000; i++) {
            String topic = "topic-" + i;
            wrapper.getTopicConfigTable().put(topic, new TopicConfig(topic, 8, 8, 6));
        }
        org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody registration =
            new org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody();
        registration.setTopicConfigSerializeWrapper(wrapper);
        body = registration.encode(compressed);
        wrapper.getTopicConfigTable().put("topic-4242", new TopicConfig("topic-4242", 8, 8, 4));
        changedBodies = new byte[][] {registration.encode(compressed), body};
        heldBody = inReadBuffers(body);
        bodyCrc32 = UtilAll.crc32(body);
        heldChangedBodies = new CompositeByteBuf[] {inReadBuffers(changedBodies[0]), inReadBuffers(changedBodies[1])};
        changedBodyCrc32s = new int[] {UtilAll.crc32(changedBodies[0]), UtilAll.crc32(changedBodies[1])};
        for (int broker = 0; broker < BROKERS; broker++) {
            serversDecoder.decode(heldChangedBodies[1], compressed, true, brokerAddr(broker), changedBodyCrc32s[1]);
        }
    }

    private static String brokerAddr(int broker) {
        return "10.0.0." + broker + ":10911";
    }

    private static CompositeByteBuf inReadBuffers(byte[] bytes) {
        CompositeByteBuf held = PooledByteBufAllocator.DEFAULT.compositeDirectBuffer(Integer.MAX_VALUE);
        for (int offset = 0; offset < bytes.length; offset += 64 * 1024) {
            int length = Math.min(64 * 1024, bytes.length - offset);
            held.addComponent(true, PooledByteBufAllocator.DEFAULT.directBuffer(length).writeBytes(bytes, offset, length));
        }
        return held;
    }

    @TearDown
    public void release() {
        heldBody.release();
        heldChangedBodies[0].release();
        heldChangedBodies[1].release();
    }

    @Benchmark
    public RegisterBrokerBody decodeTenThousandTopics() {
        return decoder.decode(body, compressed, true);
    }

    @Benchmark
    public RegisterBrokerBody reRegistrationWithOneTopicChanged() {
        nextChanged ^= 1;
        return decoder.decode(changedBodies[nextChanged], compressed, true, "127.0.0.1:10912");
    }

    @Benchmark
    public RegisterBrokerBody reRegistrationWithOneTopicChangedInReadBuffers() {
        nextChanged ^= 1;
        return decoder.decode(heldChangedBodies[nextChanged], compressed, true, "127.0.0.1:10914",
            changedBodyCrc32s[nextChanged]);
    }

    /** Each broker in turn, its table with one topic changed since it sent it last. */
    @Benchmark
    public RegisterBrokerBody reRegistrationWithOneTopicChangedAmongAMillionTopics() {
        int registration = nextRegistration++;
        int broker = registration % BROKERS;
        int changed = registration / BROKERS & 1;
        return serversDecoder.decode(heldChangedBodies[changed], compressed, true, brokerAddr(broker),
            changedBodyCrc32s[changed]);
    }

    @Benchmark
    public RegisterBrokerBody reRegistrationOfTheSameTopics() {
        return decoder.decode(body, compressed, true, "127.0.0.1:10911");
    }

    @Benchmark
    public RegisterBrokerBody reRegistrationOfTheSameTopicsInReadBuffers() {
        return decoder.decode(heldBody, compressed, true, "127.0.0.1:10913", bodyCrc32);
    }
}
