package io.namesrv.dist.crash;

import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.remoting.protocol.DataVersion;
import org.apache.rocketmq.remoting.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.remoting.protocol.body.TopicConfigAndMappingSerializeWrapper;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One REGISTER_BROKER of a storm broker: a data version counter never used before (so the server
 * rewrites the broker's queue data), the first {@code topics} of the shared topics, and the queue
 * count it gives each of them.
 */
record Registration(long version, int topics, int queues) {
    static final int PERM = 6;

    static String topic(int index) {
        return "crash-topic-" + index;
    }

    boolean lists(int topicIndex) {
        return topicIndex < topics;
    }

    /** The JSON body the real 5.4.0 broker sends, encoded by Apache's own classes. */
    byte[] body() {
        TopicConfigAndMappingSerializeWrapper wrapper = new TopicConfigAndMappingSerializeWrapper();
        DataVersion dataVersion = new DataVersion();
        dataVersion.setCounter(new AtomicLong(version));
        dataVersion.setTimestamp(System.currentTimeMillis());
        wrapper.setDataVersion(dataVersion);
        for (int i = 0; i < topics; i++) {
            wrapper.getTopicConfigTable().put(topic(i), new TopicConfig(topic(i), queues, queues, PERM));
        }
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        body.setFilterServerList(List.of());
        return body.encode(false);
    }
}
