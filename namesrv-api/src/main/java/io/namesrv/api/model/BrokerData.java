package io.namesrv.api.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** A broker group: its cluster, its name, and the address of each member by broker id (0 = master). */
public record BrokerData(String cluster, String brokerName, SortedMap<Long, String> brokerAddrs, String zoneName,
                         boolean enableActingMaster) {
    public BrokerData {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(brokerName, "brokerName");
        brokerAddrs = Collections.unmodifiableSortedMap(new TreeMap<>(brokerAddrs));
    }

    public BrokerData withBrokerAddrs(Map<Long, String> addrs) {
        return new BrokerData(cluster, brokerName, new TreeMap<>(addrs), zoneName, enableActingMaster);
    }
}
