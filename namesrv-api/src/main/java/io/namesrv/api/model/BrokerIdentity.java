package io.namesrv.api.model;

import java.util.Objects;

/** Names one member of a broker group, as UNREGISTER_BROKER does. */
public record BrokerIdentity(String clusterName, String brokerAddr, String brokerName, long brokerId) {
    public BrokerIdentity {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
        Objects.requireNonNull(brokerName, "brokerName");
    }

    public BrokerAddr addr() {
        return new BrokerAddr(clusterName, brokerAddr);
    }
}
