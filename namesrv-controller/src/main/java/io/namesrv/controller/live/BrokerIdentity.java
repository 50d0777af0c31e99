package io.namesrv.controller.live;

/** A member of a broker group, as heartbeats name it. */
public record BrokerIdentity(String clusterName, String brokerName, long brokerId) {
}
