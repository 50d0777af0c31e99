package io.namesrv.api.model;

/** What the name server knows of a registered broker address between two heartbeats. */
public record BrokerLiveInfo(long lastUpdateTimestamp, long heartbeatTimeoutMillis, DataVersion dataVersion,
                             String haServerAddr) {
    public BrokerLiveInfo touchedAt(long timestamp) {
        return new BrokerLiveInfo(timestamp, heartbeatTimeoutMillis, dataVersion, haServerAddr);
    }

    public boolean expiredAt(long now) {
        return lastUpdateTimestamp + heartbeatTimeoutMillis < now;
    }
}
