package io.namesrv.remoting;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.controller.Controller;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.metrics.MetricsSource;
import io.namesrv.remoting.acl.AccessControl;
import io.namesrv.remoting.controller.ControllerHandlers;
import io.namesrv.remoting.controller.ControllerRequests;
import io.namesrv.remoting.handler.BrokerConnections;
import io.namesrv.remoting.handler.NamesrvHandlers;
import io.namesrv.remoting.handler.RequestDispatcher;
import io.namesrv.remoting.handler.RequestMetrics;
import io.namesrv.remoting.netty.MinBrokerIdNotifier;
import io.namesrv.remoting.netty.RemotingServer;
import io.namesrv.remoting.netty.ServerConnectionHandler;
import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The name server on the network: the Netty server, the worker executor for writes, and the
 * housekeeping that unregisters a broker whose connection closed and closes the connection of a
 * broker that expired. With a controller, its requests too, and a closed connection is a broker
 * gone for the controller as well.
 */
public final class NamesrvRemoting implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NamesrvRemoting.class);
    /** Apache's default worker queue capacity; past it, writes are answered SYSTEM_BUSY. */
    private static final int WORKER_QUEUE_CAPACITY = 10_000;

    private final NameServer nameServer;
    private final ThreadPoolExecutor workers;
    private final BrokerConnections connections = new BrokerConnections();
    private final RequestDispatcher dispatcher;
    private final RemotingServer server;
    private final MinBrokerIdNotifier minBrokerIdNotifier;
    /** Null when the controller is not enabled in this server. */
    private final Controller controller;
    private volatile boolean closing;

    public NamesrvRemoting(NameServer nameServer) {
        this(nameServer, null);
    }

    public NamesrvRemoting(NameServer nameServer, Controller controller) {
        this.nameServer = nameServer;
        this.controller = controller;
        NamesrvConfig config = nameServer.config();
        AccessControl access = AccessControl.from(config);
        int threads = config.get(NamesrvConfig.SERVER_WORKER_THREADS);
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WORKER_QUEUE_CAPACITY), new DefaultThreadFactory("namesrv-worker"));
        this.dispatcher = new RequestDispatcher(workers, access);
        NamesrvHandlers.install(dispatcher, nameServer, connections);
        if (controller != null) {
            ControllerHandlers.install(dispatcher, new ControllerRequests(controller));
        }
        this.server = new RemotingServer(config, dispatcher, new ServerConnectionHandler(dispatcher, this::connectionClosed));
        nameServer.onBrokerExpired(connections::close);
        this.minBrokerIdNotifier = new MinBrokerIdNotifier(config.get(NamesrvConfig.FRAME_MAX_LENGTH));
        nameServer.routes().onMinBrokerIdChanged(minBrokerIdNotifier);
    }

    public InetSocketAddress start() throws InterruptedException {
        return server.start();
    }

    /** Requests by code, for the metrics endpoint. */
    public RequestMetrics requestMetrics() {
        return dispatcher.metrics();
    }

    public String transport() {
        return server.transport();
    }

    public int openConnections() {
        return server.openConnections();
    }

    /** Bytes of answers written but not yet taken by the sockets: what slow readers make the server hold. */
    public long pendingOutboundBytes() {
        return server.pendingOutboundBytes();
    }

    /** Open connections and the answers they have not taken yet, read at each scrape. */
    public MetricsSource connectionMetrics() {
        return out -> out
            .family("namesrv_connections", "gauge", "Open RocketMQ protocol connections")
            .sample("namesrv_connections", openConnections())
            .family("namesrv_pending_outbound_bytes", "gauge",
                "Bytes of answers written but not yet taken by the sockets: what slow readers make the server hold")
            .sample("namesrv_pending_outbound_bytes", pendingOutboundBytes());
    }

    private void connectionClosed(Channel channel) {
        if (closing) {
            // our own shutdown closes every connection: the brokers have not left, keep their routes
            return;
        }
        if (controller != null) {
            controller.connectionClosed(channel);
        }
        for (BrokerAddr addr : connections.release(channel)) {
            try {
                workers.execute(() -> {
                    log.info("Connection of broker {} closed: unregistering it", addr);
                    nameServer.routes().brokerGone(addr);
                });
            } catch (RejectedExecutionException e) {
                log.warn("Could not unregister broker {} after its connection closed ({}); the expiry scan will",
                    addr, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        server.close();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Workers still busy after 10 s; stopping them");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
        minBrokerIdNotifier.close();
        log.info("Requests served by code: {}", dispatcher.metrics().servedByCode());
    }
}
