package io.namesrv.controller;

import io.namesrv.controller.state.BrokerGroup;

import java.util.Collection;

/** Tells brokers that their group's master changed (NOTIFY_BROKER_ROLE_CHANGED); sent by the remoting layer. */
@FunctionalInterface
public interface RoleChangeNotifier {
    void masterChanged(BrokerGroup group, Collection<String> brokerAddresses);
}
