package io.namesrv.api.model;

import java.util.List;
import java.util.Map;

/**
 * The answer to a route query: the queues of a topic and the brokers that serve them.
 *
 * @param topicQueueMappingByBroker for a static topic, its queue mapping on each broker group; null otherwise
 */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable,
                             Map<String, TopicQueueMapping> topicQueueMappingByBroker) {
    public TopicRouteData {
        queueDatas = List.copyOf(queueDatas);
        brokerDatas = List.copyOf(brokerDatas);
        filterServerTable = Map.copyOf(filterServerTable);
        topicQueueMappingByBroker = topicQueueMappingByBroker == null ? null : Map.copyOf(topicQueueMappingByBroker);
    }

    public TopicRouteData withOrderTopicConf(String conf) {
        return new TopicRouteData(conf, queueDatas, brokerDatas, filterServerTable, topicQueueMappingByBroker);
    }
}
