package io.namesrv.api.model;

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
        topicConfigs = Map.copyOf(topicConfigs);
        topicQueueMappings = Map.copyOf(topicQueueMappings);
    }

    public boolean isMaster() {
        return brokerId == 0;
    }
}
