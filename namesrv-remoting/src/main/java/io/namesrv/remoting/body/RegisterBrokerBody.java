package io.namesrv.remoting.body;

import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.TopicConfig;
import io.namesrv.api.model.TopicQueueMapping;

import java.util.List;
import java.util.Map;

/**
 * The body of REGISTER_BROKER: the broker's data version, its topics, its filter servers and the
 * queue mappings of the static topics it hosts (topic -> mapping).
 */
public record RegisterBrokerBody(DataVersion dataVersion, Map<String, TopicConfig> topicConfigs,
                                 List<String> filterServerList, Map<String, TopicQueueMapping> topicQueueMappings) {
    /** What a registration without a body stands for. */
    public static final RegisterBrokerBody EMPTY = new RegisterBrokerBody(DataVersion.ZERO, Map.of(), null, Map.of());
}
