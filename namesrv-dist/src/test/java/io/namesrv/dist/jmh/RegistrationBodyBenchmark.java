package io.namesrv.dist.jmh;

import io.namesrv.remoting.body.RegisterBrokerBody;
import io.namesrv.remoting.body.RegisterBrokerBodyDecoder;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decoding the body a real 5.4.0 broker sends with 10,000 topics, as JSON and compressed: read in
 * full, re-sent by the same broker (a JSON table it sent last time is not read again), and re-sent
 * with one topic changed each time (only that topic is read again).
 */
@State(Scope.Benchmark)
public class RegistrationBodyBenchmark {
    @Param({"false", "true"})
    public boolean compressed;

    private final RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1L << 30);
    private byte[] body;
    /** {@link #body} with one topic read-only, then back: every registration changes one topic. */
    private byte[][] changedBodies;
    private int nextChanged;

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
    public RegisterBrokerBody reRegistrationOfTheSameTopics() {
        return decoder.decode(body, compressed, true, "127.0.0.1:10911");
    }
}
