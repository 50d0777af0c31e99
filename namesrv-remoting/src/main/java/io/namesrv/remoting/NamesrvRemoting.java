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
 * broker that expired. With a controller, its requests too: on this port when the node's address
 * in {@code jRaftControllerRPCAddr} names it (a closed connection is then a broker gone for the
 * controller as well), else on a port of the controller's own, as Apache's jRaft controller listens.
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
    /** The controller's own port; null when there is no controller or it shares this server's port. */
    private final RemotingServer controllerServer;
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
        this.controllerServer = controller == null ? null : controllerServer(config, access, new ControllerRequests(controller));
        this.server = new RemotingServer(config, config.get(NamesrvConfig.LISTEN_PORT), "namesrv", dispatcher,
            new ServerConnectionHandler(dispatcher, this::connectionClosed));
        nameServer.onBrokerExpired(connections::close);
        this.minBrokerIdNotifier = new MinBrokerIdNotifier(config.get(NamesrvConfig.FRAME_MAX_LENGTH));
        nameServer.routes().onMinBrokerIdChanged(minBrokerIdNotifier);
    }

    /** Installs the controller's requests beside the name server's, or returns the server of its own port. */
    private RemotingServer controllerServer(NamesrvConfig config, AccessControl access, ControllerRequests requests) {
        int port = controller.requestPort();
        if (port == config.get(NamesrvConfig.LISTEN_PORT)) {
            ControllerHandlers.installBesideNameServer(dispatcher, requests);
            return null;
        }
        RequestDispatcher controllerDispatcher = new RequestDispatcher(workers, access, dispatcher.metrics());
        ControllerHandlers.installAlone(controllerDispatcher, requests);
        return new RemotingServer(config, port, "controller", controllerDispatcher,
            new ServerConnectionHandler(controllerDispatcher, this::controllerConnectionClosed));
    }

    /** Listens on the name server's port (and the controller's, when it has its own); returns the name server's address. */
    public InetSocketAddress start() throws InterruptedException {
        InetSocketAddress address = server.start();
        if (controllerServer != null) {
            InetSocketAddress controllerAddress = controllerServer.start();
            log.info("The controller's requests on {}:{}", controllerAddress.getHostString(), controllerAddress.getPort());
        }
        return address;
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
        if (controller != null && controllerServer == null) {
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

    private void controllerConnectionClosed(Channel channel) {
        if (!closing) {
            controller.connectionClosed(channel);
        }
    }

    @Override
    public void close() {
        closing = true;
        if (controllerServer != null) {
            controllerServer.close();
        }
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
