package io.namesrv.core.route;

import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.QueueData;
import io.namesrv.api.model.TopicRouteData;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Zone mode: a client that names its zone gets only the broker groups of that zone, plus every
 * group that has lost its master (so it can still read from the slaves), as Apache's
 * ZoneRouteRPCHook does.
 */
public final class ZoneFilter {
    private static final long MASTER_ID = 0L;

    private ZoneFilter() {
    }

    public static TopicRouteData filter(TopicRouteData route, String zoneName) {
        List<BrokerData> kept = new ArrayList<>();
        List<BrokerData> removed = new ArrayList<>();
        for (BrokerData brokerData : route.brokerDatas()) {
            if (!brokerData.brokerAddrs().containsKey(MASTER_ID) || zoneName.equalsIgnoreCase(brokerData.zoneName())) {
                kept.add(brokerData);
            } else {
                removed.add(brokerData);
            }
        }
        List<String> removedNames = removed.stream().map(BrokerData::brokerName).toList();
        List<QueueData> queues = route.queueDatas().stream()
            .filter(q -> !removedNames.contains(q.brokerName()))
            .toList();
        Map<String, List<String>> filterServers = new HashMap<>(route.filterServerTable());
        removed.forEach(b -> b.brokerAddrs().values().forEach(filterServers::remove));
        return new TopicRouteData(route.orderTopicConf(), queues, kept, filterServers, route.topicQueueMappingByBroker());
    }
}
