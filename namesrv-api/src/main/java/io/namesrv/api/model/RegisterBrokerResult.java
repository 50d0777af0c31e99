package io.namesrv.api.model;

/** What a registration answers: for a slave, its master's address and HA address. */
public record RegisterBrokerResult(String haServerAddr, String masterAddr) {
    public static final RegisterBrokerResult NONE = new RegisterBrokerResult(null, null);
}
