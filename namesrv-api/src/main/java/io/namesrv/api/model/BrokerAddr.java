package io.namesrv.api.model;

import java.util.Objects;

/** Key of the live table: a broker address within its cluster. */
public record BrokerAddr(String clusterName, String brokerAddr) {
    public BrokerAddr {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
    }

    @Override
    public String toString() {
        return clusterName + "/" + brokerAddr;
    }
}
