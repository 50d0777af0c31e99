package io.namesrv.dist.bench;

import io.namesrv.remoting.body.RegisterBrokerBody;
import io.namesrv.remoting.body.RegisterBrokerBodyDecoder;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * What the topic tables a registration decoder remembers cost the heap: {@code bench.memoBrokers}
 * brokers (100) register {@code bench.memoTopics} topics each (10,000, the body a 5.4.0 broker
 * sends, each broker's in an array of its own), and JOL counts the bytes reachable from the
 * decoder, by class and per topic: the memo and the decoded tables it hands to the route tables.
 */
class TopicTableMemoFootprintBench {
    static {
        // field offsets of records, which Unsafe does not give
        System.setProperty("jol.magicFieldOffset", "true");
    }

    @Test
    void bytesPerRememberedTopic() {
        int brokers = Integer.getInteger("bench.memoBrokers", 100);
        int topics = Integer.getInteger("bench.memoTopics", 10_000);
        byte[] body = registrationBody(topics);
        // a bound on inflated bytes so large that, where it also bounds the memo, no table is forgotten
        RegisterBrokerBodyDecoder decoder = new RegisterBrokerBodyDecoder(1L << 40);
        List<RegisterBrokerBody> decoded = new ArrayList<>();
        for (int broker = 0; broker < brokers; broker++) {
            decoded.add(decoder.decode(body.clone(), false, true, brokerAddr(broker)));
        }
        for (int broker = 0; broker < brokers; broker++) {
            assertSame(decoded.get(broker).topicConfigs(),
                decoder.decode(body.clone(), false, true, brokerAddr(broker)).topicConfigs(), "remembered");
        }
        decoded.clear();

        GraphLayout layout = GraphLayout.parseInstance(decoder);
        System.out.println(layout.toFootprint());
        long remembered = (long) brokers * topics;
        System.out.printf("%d brokers x %,d topics (a body of %,d bytes each): %,d bytes reachable from the decoder,"
            + " %.1f per topic%n", brokers, topics, body.length, layout.totalSize(), (double) layout.totalSize() / remembered);
    }

    private static String brokerAddr(int broker) {
        return "10.0." + broker / 256 + "." + broker % 256 + ":10911";
    }

    private static byte[] registrationBody(int topics) {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        DataVersion version = new DataVersion();
        version.nextVersion();
        wrapper.setDataVersion(version);
        for (int i = 0; i < topics; i++) {
            String topic = "topic-" + i;
            wrapper.getTopicConfigTable().put(topic, new TopicConfig(topic, 8, 8, 6));
        }
        org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody registration =
            new org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody();
        registration.setTopicConfigSerializeWrapper(wrapper);
        return registration.encode(false);
    }
}
