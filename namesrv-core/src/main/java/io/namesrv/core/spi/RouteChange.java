package io.namesrv.core.spi;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;

import java.util.Map;
import java.util.Set;

/**
 * What one registration, unregistration or expiry changes in the tables. A store applies it as one
 * unit: after a crash, either all of it or none of it is there. A key is never both put and removed.
 *
 * @param clustersPut a cluster's whole set of broker names
 */
public record RouteChange(Map<String, Set<String>> clustersPut, Set<String> clustersRemoved,
                          Map<String, BrokerData> brokersPut, Set<String> brokersRemoved,
                          Map<TopicBroker, QueueData> queuesPut, Set<TopicBroker> queuesRemoved,
                          Map<BrokerAddr, BrokerLiveInfo> livePut, Set<BrokerAddr> liveRemoved) {
    public RouteChange {
        clustersPut = Map.copyOf(clustersPut);
        clustersRemoved = Set.copyOf(clustersRemoved);
        brokersPut = Map.copyOf(brokersPut);
        brokersRemoved = Set.copyOf(brokersRemoved);
        queuesPut = Map.copyOf(queuesPut);
        queuesRemoved = Set.copyOf(queuesRemoved);
        livePut = Map.copyOf(livePut);
        liveRemoved = Set.copyOf(liveRemoved);
    }

    public boolean isEmpty() {
        return clustersPut.isEmpty() && clustersRemoved.isEmpty() && brokersPut.isEmpty() && brokersRemoved.isEmpty()
            && queuesPut.isEmpty() && queuesRemoved.isEmpty() && livePut.isEmpty() && liveRemoved.isEmpty();
    }
}
