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
 * full, and re-sent by the same broker (a JSON table it sent last time is not read again).
 */
@State(Scope.Benchmark)
public class RegistrationBodyBenchmark {
    @Param({"false", "true"})
    public boolean compressed;

    private final RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1L << 30);
    private byte[] body;

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
    }

    @Benchmark
    public RegisterBrokerBody decodeTenThousandTopics() {
        return decoder.decode(body, compressed, true);
    }

    @Benchmark
    public RegisterBrokerBody reRegistrationOfTheSameTopics() {
        return decoder.decode(body, compressed, true, "127.0.0.1:10911");
    }
}
