package io.namesrv.controller.live;

/**
 * What a BROKER_HEARTBEAT to the controller says, with the connection it came over (an opaque key:
 * the remoting layer's channel), so that a closed connection makes the broker inactive at once.
 */
public record Heartbeat(BrokerIdentity broker, String brokerAddr, long timeoutMillis, int epoch, long maxOffset,
                        long confirmOffset, int electionPriority, Object connection) {
}
