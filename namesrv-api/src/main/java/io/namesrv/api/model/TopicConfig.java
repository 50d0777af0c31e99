package io.namesrv.api.model;

import java.util.Objects;

/** A topic as a broker declares it in its registration. */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag,
                          boolean order) {
    public TopicConfig {
        Objects.requireNonNull(topicName, "topicName");
    }

    public QueueData toQueueData(String brokerName) {
        return new QueueData(brokerName, readQueueNums, writeQueueNums, perm, topicSysFlag);
    }
}
