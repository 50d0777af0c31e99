package io.namesrv.core.spi;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;

import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * What one registration, unregistration or expiry changes in the tables. A store applies it as one
 * unit: after a crash, either all of it or none of it is there. A key is never both put and removed.
 *
 * @param clustersPut a cluster's whole set of broker names
 *
 * <p>The record takes the collections it is given as they are (wrapped read-only, not copied): a
 * registration of 10,000 topics would otherwise copy its queue map once more. Hand over
 * collections nobody changes afterwards.
 */
public record RouteChange(Map<String, Set<String>> clustersPut, Set<String> clustersRemoved,
                          Map<String, BrokerData> brokersPut, Set<String> brokersRemoved,
                          Map<TopicBroker, QueueData> queuesPut, Set<TopicBroker> queuesRemoved,
                          Map<BrokerAddr, BrokerLiveInfo> livePut, Set<BrokerAddr> liveRemoved) {
    public RouteChange {
        clustersPut = Collections.unmodifiableMap(clustersPut);
        clustersRemoved = Collections.unmodifiableSet(clustersRemoved);
        brokersPut = Collections.unmodifiableMap(brokersPut);
        brokersRemoved = Collections.unmodifiableSet(brokersRemoved);
        queuesPut = Collections.unmodifiableMap(queuesPut);
        queuesRemoved = Collections.unmodifiableSet(queuesRemoved);
        livePut = Collections.unmodifiableMap(livePut);
        liveRemoved = Collections.unmodifiableSet(liveRemoved);
    }

    public boolean isEmpty() {
        return clustersPut.isEmpty() && clustersRemoved.isEmpty() && brokersPut.isEmpty() && brokersRemoved.isEmpty()
            && queuesPut.isEmpty() && queuesRemoved.isEmpty() && livePut.isEmpty() && liveRemoved.isEmpty();
    }
}
