package io.namesrv.remoting;

import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.core.testkit.Registrations;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Our name server on the memory store, listening on 127.0.0.1 at a free port, with broker-a
 * serving TopicTest: for the tests that need real sockets.
 */
final class LoopbackServer implements AutoCloseable {
    final NameServer nameServer;
    final NamesrvRemoting remoting;
    final InetSocketAddress address;

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

    @Override
    public void close() {
        remoting.close();
        nameServer.close();
    }
}
