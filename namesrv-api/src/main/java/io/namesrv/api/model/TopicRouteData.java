package io.namesrv.api.model;

import java.util.List;
import java.util.Map;

/** The answer to a route query: the queues of a topic and the brokers that serve them. */
public record TopicRouteData(String orderTopicConf, List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable) {
    public TopicRouteData {
        queueDatas = List.copyOf(queueDatas);
        brokerDatas = List.copyOf(brokerDatas);
        filterServerTable = Map.copyOf(filterServerTable);
    }
}
