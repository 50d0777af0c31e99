package io.namesrv.dist;

import io.namesrv.controller.Controller;
import io.namesrv.controller.ControllerConfig;
import io.namesrv.core.NameServer;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.durability.StoreStatus;
import io.namesrv.core.metrics.InstrumentedRouteStore;
import io.namesrv.core.metrics.JvmMetrics;
import io.namesrv.core.metrics.MetricsRegistry;
import io.namesrv.core.metrics.NameServerMetrics;
import io.namesrv.core.spi.RouteStoreProvider;
import io.namesrv.core.spi.RouteStores;
import io.namesrv.remoting.NamesrvRemoting;
import io.namesrv.remoting.controller.RoleChangeNotices;
import io.namesrv.remoting.handler.RequestMetrics.ResponseCount;
import io.namesrv.remoting.http.MetricsHttpServer;
import io.namesrv.remoting.http.StatusSources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * A whole name server: the metrics endpoint, the chosen store, the core, the controller when
 * {@code enableControllerInNamesrv} is on, and the network, started and stopped in order.
 */
public final class NamesrvServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NamesrvServer.class);
    private static final BooleanSupplier NOT_SERVING = () -> false;

    private final NamesrvConfig config;
    private final Clock clock;
    private MetricsHttpServer metricsServer;
    private InetSocketAddress metricsAddress;
    private NameServer nameServer;
    /** The name server once its tables are loaded, for the status page; null before and after. */
    private volatile NameServer loadedNameServer;
    /** Read by the status page for its request counts. */
    private volatile NamesrvRemoting remoting;
    private InetSocketAddress address;
    /** The embedded controller and its notices to brokers; null when the controller is off. */
    private Controller controller;
    private RoleChangeNotices roleChangeNotices;

    /**
     * What readiness asks once the remoting port listens (the store open and the routes loaded):
     * whether route queries are answered, false during needWaitForService's window; before start
     * and from the beginning of shutdown, false.
     */
    private volatile BooleanSupplier serving = NOT_SERVING;

    public NamesrvServer(NamesrvConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public synchronized InetSocketAddress start() throws InterruptedException {
        long started = System.nanoTime();
        String storeType = config.get(NamesrvConfig.STORE_TYPE);
        RouteStoreProvider provider = RouteStores.byName(storeType, NamesrvServer.class.getClassLoader());
        MetricsRegistry metrics = new MetricsRegistry().add(new JvmMetrics());
        try {
            // first, so that a durable store taking its time to open shows as "not ready" rather than as a dead process
            startMetricsEndpoint(metrics);
            log.info("Opening the {} store", storeType);
            InstrumentedRouteStore store = new InstrumentedRouteStore(provider.open(config));
            metrics.add(store);
            nameServer = new NameServer(config, store, clock);
            metrics.add(new NameServerMetrics(nameServer)).add(nameServer.storeWriter());
            nameServer.load();
            loadedNameServer = nameServer;
            nameServer.start();
            startController();
            remoting = new NamesrvRemoting(nameServer, controller);
            metrics.add(remoting.requestMetrics()).add(remoting.connectionMetrics());
            address = remoting.start();
        } catch (Throwable e) {
            // also the BindException Netty throws undeclared: what started so far is stopped
            close();
            throw e;
        }
        serving = nameServer::readyForRouteQueries;
        log.info("The Name Server boot success. serializeType=JSON, address {}:{}, store {}{}, controller {}, transport {}, tls {}, metrics {}, in {} ms",
            config.get(NamesrvConfig.BIND_ADDRESS), address.getPort(), storeType, provider.durable() ? " (durable)" : " (in memory)",
            controller == null ? "off" : "on", remoting.transport(), config.get(NamesrvConfig.TLS_SERVER_MODE).name().toLowerCase(Locale.ROOT),
            metricsAddress == null ? "off" : "http://" + hostPort(metricsAddress),
            (System.nanoTime() - started) / 1_000_000);
        return address;
    }

    private void startController() {
        ControllerConfig controllerConfig = ControllerConfig.from(config::raw);
        if (!controllerConfig.get(ControllerConfig.ENABLE_CONTROLLER_IN_NAMESRV)) {
            return;
        }
        roleChangeNotices = new RoleChangeNotices(config.get(NamesrvConfig.FRAME_MAX_LENGTH));
        controller = new Controller(controllerConfig, clock, roleChangeNotices);
    }

    private void startMetricsEndpoint(MetricsRegistry metrics) throws InterruptedException {
        int port = config.get(NamesrvConfig.METRICS_PORT);
        if (port == 0) {
            return;
        }
        StatusSources status = new StatusSources(config.get(NamesrvConfig.STORE_TYPE), () -> loadedNameServer,
            this::responseCounts, clock);
        metricsServer = new MetricsHttpServer(metrics::scrape, this::ready, this::storeStatus, status, config);
        metricsAddress = metricsServer.start(new InetSocketAddress(config.get(NamesrvConfig.METRICS_BIND_ADDRESS), port));
        log.info("Metrics, health and the status page on http://{} (/metrics, /health, /health/ready: not ready until the"
            + " store is open and the routes are loaded; /, /api/)", hostPort(metricsAddress));
    }

    private List<ResponseCount> responseCounts() {
        NamesrvRemoting current = remoting;
        return current == null ? List.of() : current.requestMetrics().responseCounts();
    }

    private static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Where the metrics endpoint listens; null when {@code metricsPort} is 0 (off). */
    public InetSocketAddress metricsAddress() {
        return metricsAddress;
    }

    /** What {@code GET /health/ready} reports. */
    public boolean ready() {
        return serving.getAsBoolean();
    }

    /** What {@code GET /health} reports of the store: null until it is open. */
    private StoreStatus storeStatus() {
        NameServer current = nameServer;
        return current == null ? null : current.storeWriter().status();
    }

    public NameServer nameServer() {
        return nameServer;
    }

    @Override
    public synchronized void close() {
        if (nameServer == null && metricsServer == null) {
            return;
        }
        serving = NOT_SERVING;
        loadedNameServer = null;
        log.info("Name server shutting down");
        if (remoting != null) {
            remoting.close();
            remoting = null;
        }
        if (controller != null) {
            controller.close();
            controller = null;
        }
        if (roleChangeNotices != null) {
            roleChangeNotices.close();
            roleChangeNotices = null;
        }
        if (nameServer != null) {
            nameServer.close();
            nameServer = null;
        }
        // last, so that a probe sees "not ready" while the connections drain
        if (metricsServer != null) {
            metricsServer.close();
            metricsServer = null;
            log.info("Metrics endpoint on http://{} closed", hostPort(metricsAddress));
            metricsAddress = null;
        }
        log.info("Name server stopped");
    }
}
