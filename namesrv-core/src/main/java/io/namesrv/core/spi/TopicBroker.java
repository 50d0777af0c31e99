package io.namesrv.core.spi;

import java.util.Objects;

/** Key of the topic-queue table: one topic on one broker group. */
public record TopicBroker(String topic, String brokerName) {
    public TopicBroker {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(brokerName, "brokerName");
    }
}
