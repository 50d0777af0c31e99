package io.namesrv.core;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.TopicRouteData;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.durability.StoreWriter;
import io.namesrv.core.kv.KvConfigManager;
import io.namesrv.core.route.EncodedRouteCache;
import io.namesrv.core.route.RouteManager;
import io.namesrv.core.spi.RouteStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The name server without its network: the route tables, the KV config, and the two periodic
 * tasks (the scan for silent brokers, and the log of the KV config).
 */
public final class NameServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NameServer.class);

    private final NamesrvConfig config;
    private final RouteStore store;
    private final StoreWriter storeWriter;
    private final RouteManager routes;
    private final KvConfigManager kvConfig;
    private final List<Consumer<BrokerAddr>> expiryListeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final long createdAtMillis;
    private final EncodedRouteCache routeCache;
    private ScheduledExecutorService scheduler;

    public NameServer(NamesrvConfig config, RouteStore store, Clock clock) {
        this.config = config;
        this.store = store;
        this.routeCache = new EncodedRouteCache(config.get(NamesrvConfig.ROUTE_CACHE_MAX_BYTES));
        this.storeWriter = new StoreWriter(store, config.get(NamesrvConfig.STORE_WRITE_TIMEOUT_MILLIS), clock);
        this.routes = new RouteManager(store, storeWriter, config, clock, routeCache);
        this.kvConfig = new KvConfigManager(store, storeWriter, routeCache);
        this.clock = clock;
        this.createdAtMillis = clock.millis();
    }

    /**
     * False during the start-up window of {@code needWaitForService}, when brokers have not all
     * registered yet and a route could be incomplete.
     */
    public boolean readyForRouteQueries() {
        return !config.get(NamesrvConfig.NEED_WAIT_FOR_SERVICE)
            || clock.millis() - createdAtMillis >= config.get(NamesrvConfig.WAIT_SECONDS_FOR_SERVICE) * 1000L;
    }

    /** Loads the tables from the store; call before serving. */
    public void load() {
        routes.load();
        kvConfig.load();
    }

    /** Starts the periodic tasks. */
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "namesrv-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        long scanInterval = config.get(NamesrvConfig.SCAN_NOT_ACTIVE_BROKER_INTERVAL);
        scheduler.scheduleWithFixedDelay(this::scanSilentBrokers, 5, scanInterval, TimeUnit.MILLISECONDS);
        long kvLogInterval = config.get(NamesrvConfig.KV_CONFIG_LOG_INTERVAL);
        scheduler.scheduleAtFixedRate(this::logKvConfig, kvLogInterval, kvLogInterval, TimeUnit.MILLISECONDS);
    }

    /** Called with each broker address the scan removes, e.g. to close its connection. */
    public void onBrokerExpired(Consumer<BrokerAddr> listener) {
        expiryListeners.add(listener);
    }

    void scanSilentBrokers() {
        try {
            for (BrokerAddr addr : routes.expireSilentBrokers()) {
                expiryListeners.forEach(l -> l.accept(addr));
            }
        } catch (RuntimeException e) {
            log.error("Scan for silent brokers failed; it runs again in {} ms",
                config.get(NamesrvConfig.SCAN_NOT_ACTIVE_BROKER_INTERVAL), e);
        }
    }

    private void logKvConfig() {
        try {
            kvConfig.logAll();
        } catch (RuntimeException e) {
            log.error("Logging the KV config failed", e);
        }
    }

    public NamesrvConfig config() {
        return config;
    }

    public RouteManager routes() {
        return routes;
    }

    public EncodedRouteCache routeCache() {
        return routeCache;
    }

    public KvConfigManager kvConfig() {
        return kvConfig;
    }

    /** Whether the store holds what the memory does; its metrics. */
    public StoreWriter storeWriter() {
        return storeWriter;
    }

    /**
     * The route of a topic encoded as clients get it, from the cache when it has not changed since;
     * null when the topic has no route.
     *
     * @param format  which of the {@link EncodedRouteCache#FORMATS} body formats {@code encoder} writes
     */
    public byte[] encodedRoute(String topic, int format, Function<TopicRouteData, byte[]> encoder) {
        return routeCache.get(topic, format, () -> route(topic), encoder);
    }

    /** Changes config keys at run time (UPDATE_NAMESRV_CONFIG); routes are encoded anew after it. */
    public void updateConfig(Map<String, String> changes) {
        routeCache.changeAll(() -> config.update(changes));
    }

    /** The route of a topic as clients get it, with its order config when order messages are on. */
    public TopicRouteData route(String topic) {
        TopicRouteData route = routes.route(topic);
        if (route == null || !config.get(NamesrvConfig.ORDER_MESSAGE_ENABLE)) {
            return route;
        }
        String orderTopicConf = kvConfig.get(KvConfigManager.NAMESPACE_ORDER_TOPIC_CONFIG, topic);
        return route.withOrderTopicConf(orderTopicConf);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        storeWriter.close();
        store.close();
    }
}
