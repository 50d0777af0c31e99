package io.namesrv.remoting;

import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.core.testkit.Registrations;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Our name server on the memory store, listening on 127.0.0.1 at a free port, with broker-a
 * serving TopicTest: for the tests that need real sockets. The client sockets it connects are
 * closed with it.
 */
final class LoopbackServer implements AutoCloseable {
    final NameServer nameServer;
    final NamesrvRemoting remoting;
    final InetSocketAddress address;
    private final List<Socket> clients = new ArrayList<>();

    private LoopbackServer(NameServer nameServer, NamesrvRemoting remoting, InetSocketAddress address) {
        this.nameServer = nameServer;
        this.remoting = remoting;
        this.address = address;
    }

    /** Started with {@code settings} on top of the listening address. */
    static LoopbackServer start(Map<String, String> settings) throws InterruptedException {
        Map<String, String> all = new HashMap<>(settings);
        all.put(NamesrvConfig.LISTEN_PORT.name(), "0");
        all.put(NamesrvConfig.BIND_ADDRESS.name(), "127.0.0.1");
        NamesrvConfig config = NamesrvConfig.of(all);
        NameServer nameServer = new NameServer(config,
            RouteStores.byName("memory", LoopbackServer.class.getClassLoader()).open(config), Clock.systemUTC());
        nameServer.load();
        nameServer.routes().registerBroker(Registrations.broker("broker-a", "127.0.0.1:10911").topic("TopicTest", 8)
            .build());
        NamesrvRemoting remoting = new NamesrvRemoting(nameServer);
        return new LoopbackServer(nameServer, remoting, remoting.start());
    }

    /** Connects {@code socket} (plain or TLS, not yet connected) here, with bounded connect and read timeouts. */
    <S extends Socket> S connect(S socket) throws IOException {
        clients.add(socket);
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    @Override
    public void close() throws IOException {
        try {
            for (Socket client : clients) {
                client.close();
            }
        } finally {
            remoting.close();
            nameServer.close();
        }
    }
}
