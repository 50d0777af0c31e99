package io.namesrv.remoting;

import io.namesrv.api.model.BrokerIdentity;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.core.testkit.Registrations;
import io.namesrv.remoting.netty.MinBrokerIdNotifier;
import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A slave is told, over a real connection, that the lowest broker id of its group changed. */
@Timeout(30)
class MinBrokerIdNotifierTest {

    private static RemotingCommand readNotice(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return CommandCodec.decode(Unpooled.wrappedBuffer(frame));
    }

    @Test
    void theSlaveIsToldWhenItsMasterJoinsAndWhenItLeaves() throws Exception {
        NamesrvConfig config = NamesrvConfig.of(Map.of(NamesrvConfig.NOTIFY_MIN_BROKER_ID_CHANGED.name(), "true"));
        try (ServerSocket slave = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             NameServer nameServer = new NameServer(config,
                 RouteStores.byName("memory", getClass().getClassLoader()).open(config), Clock.systemUTC());
             MinBrokerIdNotifier notifier = new MinBrokerIdNotifier(1 << 20)) {
            nameServer.load();
            nameServer.routes().onMinBrokerIdChanged(notifier);
            String slaveAddr = "127.0.0.1:" + slave.getLocalPort();
            String masterAddr = "127.0.0.1:1";
            nameServer.routes().registerBroker(Registrations.broker("broker-a", slaveAddr).id(1).actingMaster(true)
                .topic("t", 4).build());
            nameServer.routes().registerBroker(Registrations.broker("broker-a", masterAddr).actingMaster(true)
                .haServerAddr("127.0.0.1:2").topic("t", 4).build());

            slave.setSoTimeout(10_000);
            Socket connection = slave.accept();
            connection.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(connection.getInputStream());
            RemotingCommand joined = readNotice(in);
            assertEquals(MinBrokerIdNotifier.NOTIFY_MIN_BROKER_ID_CHANGE, joined.code());
            assertTrue(joined.isOneway());
            assertEquals(Map.of("minBrokerId", "0", "minBrokerAddr", masterAddr, "haBrokerAddr", "127.0.0.1:2"),
                joined.extFields());

            nameServer.routes().unregisterBrokers(List.of(new BrokerIdentity("DefaultCluster", masterAddr, "broker-a", 0)));
            RemotingCommand left = readNotice(in);
            assertEquals(Map.of("minBrokerId", "1", "minBrokerAddr", slaveAddr, "offlineBrokerAddr", masterAddr),
                left.extFields(), "the same connection is used again");
            connection.close();
        }
    }
}
