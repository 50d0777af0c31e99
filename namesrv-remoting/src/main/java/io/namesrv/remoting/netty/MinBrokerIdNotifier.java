package io.namesrv.remoting.netty;

import io.namesrv.core.route.MinBrokerIdChange;
import io.namesrv.remoting.protocol.RemotingCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/**
 * Tells a broker group's members that its lowest broker id changed, with a oneway
 * NOTIFY_MIN_BROKER_ID_CHANGE to each, as Apache's name server does when
 * {@code notifyMinBrokerIdChanged} is on.
 */
public final class MinBrokerIdNotifier implements Consumer<MinBrokerIdChange>, AutoCloseable {
    public static final int NOTIFY_MIN_BROKER_ID_CHANGE = 905;
    private static final Logger log = LoggerFactory.getLogger(MinBrokerIdNotifier.class);

    private final OnewaySender sender;

    public MinBrokerIdNotifier(int maxFrameLength) {
        sender = new OnewaySender("namesrv-notify", maxFrameLength);
    }

    @Override
    public void accept(MinBrokerIdChange change) {
        RemotingCommand notice = RemotingCommand.request(NOTIFY_MIN_BROKER_ID_CHANGE, null)
            .extField("minBrokerId", Long.toString(change.minBrokerId()))
            .extField("minBrokerAddr", change.minBrokerAddr())
            .extField("offlineBrokerAddr", change.offlineBrokerAddr())
            .extField("haBrokerAddr", change.haBrokerAddr())
            .version(RemotingCommand.SERVER_VERSION)
            .markOneway();
        log.info("Lowest broker id of {} is now {} ({}); telling {}", change.brokerName(), change.minBrokerId(),
            change.minBrokerAddr(), change.recipients().values());
        for (String brokerAddr : change.recipients().values()) {
            sender.send(brokerAddr, notice);
        }
    }

    @Override
    public void close() {
        sender.close();
    }
}
