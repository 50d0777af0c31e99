package io.namesrv.remoting.controller;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.controller.RoleChangeNotifier;
import io.namesrv.controller.state.BrokerGroup;
import io.namesrv.remoting.netty.OnewaySender;
import io.namesrv.remoting.protocol.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;

/**
 * NOTIFY_BROKER_ROLE_CHANGED, oneway to each live member of a group whose master changed, as
 * Apache's controller sends it: the new master in the header, the SyncStateSet in the body. The
 * brokers would learn it from their next CONTROLLER_GET_REPLICA_INFO anyway; this makes it prompt.
 */
public final class RoleChangeNotices implements RoleChangeNotifier, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoleChangeNotices.class);

    private final OnewaySender sender;

    public RoleChangeNotices(int maxFrameLength) {
        sender = new OnewaySender("controller-notify", maxFrameLength);
    }

    @Override
    public void masterChanged(BrokerGroup group, Collection<String> brokerAddresses) {
        RemotingCommand notice = RemotingCommand.request(RequestCode.NOTIFY_BROKER_ROLE_CHANGED, null)
            .extField("masterAddress", group.masterAddress())
            .extField("masterEpoch", Integer.toString(group.masterEpoch()))
            .extField("syncStateSetEpoch", Integer.toString(group.syncStateSetEpoch()))
            .extField("masterBrokerId", group.masterBrokerId() == null ? null : Long.toString(group.masterBrokerId()))
            .version(RemotingCommand.SERVER_VERSION)
            .body(ControllerBodies.syncStateSet(group))
            .markOneway();
        log.info("Telling {} that the master of {} is {} ({}), epoch {}", brokerAddresses, group.brokerName(),
            group.masterBrokerId(), group.masterAddress(), group.masterEpoch());
        brokerAddresses.forEach(address -> sender.send(address, notice));
    }

    @Override
    public void close() {
        sender.close();
    }
}
