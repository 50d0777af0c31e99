package io.namesrv.api.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One REGISTER_BROKER request, decoded: who the broker is and the topics it serves.
 *
 * @param heartbeatTimeoutMillis null when the broker did not say (older brokers): the default applies
 * @param enableActingMaster     null for brokers older than 5.0, which do not send it
 * @param filterServerList       null when the broker sent none
 * @param topicQueueMappings     static topics hosted by this broker: topic -> its mapping here
 *
 * <p>The maps are kept as given, read-only but not copied (a registration may hold 10,000 topics
 * and is decoded once per request): hand over maps nobody changes afterwards.
 */
public record BrokerRegistration(String clusterName, String brokerAddr, String brokerName, long brokerId,
                                 String haServerAddr, String zoneName, Long heartbeatTimeoutMillis,
                                 Boolean enableActingMaster, DataVersion dataVersion,
                                 Map<String, TopicConfig> topicConfigs, List<String> filterServerList,
                                 Map<String, TopicQueueMapping> topicQueueMappings) {
    public BrokerRegistration {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(dataVersion, "dataVersion");
        topicConfigs = Collections.unmodifiableMap(topicConfigs);
        topicQueueMappings = Collections.unmodifiableMap(topicQueueMappings);
    }

    public boolean isMaster() {
        return brokerId == 0;
    }
}
