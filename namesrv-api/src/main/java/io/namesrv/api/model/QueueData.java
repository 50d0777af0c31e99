package io.namesrv.api.model;

import java.util.Objects;

/** The queues one broker serves for one topic. */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
    public QueueData {
        Objects.requireNonNull(brokerName, "brokerName");
    }

    public QueueData withPerm(int newPerm) {
        return new QueueData(brokerName, readQueueNums, writeQueueNums, newPerm, topicSysFlag);
    }
}
