package io.namesrv.api.model;

import java.util.Map;
import java.util.Set;

/** Every broker group by name, and the broker names of every cluster. */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {
}
