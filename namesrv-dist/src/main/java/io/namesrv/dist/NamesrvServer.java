package io.namesrv.dist;

import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.RouteStoreProvider;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.remoting.NamesrvRemoting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;

/** A whole name server: the chosen store, the core, and the network, started and stopped in order. */
public final class NamesrvServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NamesrvServer.class);

    private final NamesrvConfig config;
    private final Clock clock;
    private NameServer nameServer;
    private NamesrvRemoting remoting;
    private InetSocketAddress address;

    public NamesrvServer(NamesrvConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public synchronized InetSocketAddress start() throws InterruptedException {
        long started = System.nanoTime();
        String storeType = config.get(NamesrvConfig.STORE_TYPE);
        RouteStoreProvider provider = RouteStores.byName(storeType, NamesrvServer.class.getClassLoader());
        log.info("Opening the {} store", storeType);
        RouteStore store = provider.open(config);
        nameServer = new NameServer(config, store, clock);
        try {
            nameServer.load();
            nameServer.start();
            remoting = new NamesrvRemoting(nameServer);
            address = remoting.start();
        } catch (InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
        log.info("The Name Server boot success. serializeType=JSON, address {}:{}, store {}{}, transport {}, in {} ms",
            config.get(NamesrvConfig.BIND_ADDRESS), address.getPort(), storeType, provider.durable() ? " (durable)" : " (in memory)",
            remoting.transport(), (System.nanoTime() - started) / 1_000_000);
        return address;
    }

    public InetSocketAddress address() {
        return address;
    }

    public NameServer nameServer() {
        return nameServer;
    }

    @Override
    public synchronized void close() {
        if (nameServer == null) {
            return;
        }
        log.info("Name server shutting down");
        if (remoting != null) {
            remoting.close();
            remoting = null;
        }
        nameServer.close();
        nameServer = null;
        log.info("Name server stopped");
    }
}
