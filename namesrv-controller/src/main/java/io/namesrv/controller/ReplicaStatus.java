package io.namesrv.controller;

import io.namesrv.controller.state.BrokerGroup;

import java.util.Set;

/** A broker group with which of its members this controller hears from: CONTROLLER_GET_SYNC_STATE_DATA's view. */
public record ReplicaStatus(BrokerGroup group, Set<Long> aliveBrokerIds) {
}
