package io.namesrv.core.metrics;

import io.namesrv.core.NameServer;
import io.namesrv.core.route.EncodedRouteCache;
import io.namesrv.core.route.RouteImage;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the route tables hold, read from the current image at scrape time (nothing is counted on
 * the request path), and the brokers the expiry scan removed.
 */
public final class NameServerMetrics implements MetricsSource {
    private final NameServer nameServer;
    private final LongAdder expiries = new LongAdder();

    public NameServerMetrics(NameServer nameServer) {
        this.nameServer = nameServer;
        nameServer.onBrokerExpired(addr -> expiries.increment());
    }

    @Override
    public void writeTo(PrometheusText out) {
        RouteImage image = nameServer.routes().image();
        out.family("namesrv_clusters", "gauge", "Clusters with at least one broker group")
            .sample("namesrv_clusters", image.clusters().size());
        out.family("namesrv_broker_groups", "gauge", "Broker groups (broker names) in the broker table")
            .sample("namesrv_broker_groups", image.brokers().size());
        out.family("namesrv_broker_addresses", "gauge", "Live broker addresses: brokers that registered and have not left or expired")
            .sample("namesrv_broker_addresses", nameServer.routes().liveTable().size());
        out.family("namesrv_topics", "gauge", "Topics with queues on at least one broker group")
            .sample("namesrv_topics", image.topicQueues().size());
        EncodedRouteCache cache = nameServer.routeCache();
        out.family("namesrv_route_cache_hits_total", "counter", "Route queries answered from the cache of encoded routes")
            .sample("namesrv_route_cache_hits_total", cache.hits());
        out.family("namesrv_route_cache_misses_total", "counter", "Route queries whose answer was encoded anew")
            .sample("namesrv_route_cache_misses_total", cache.misses());
        out.family("namesrv_route_cache_evictions_total", "counter", "Encoded routes dropped to keep the cache within routeCacheMaxBytes")
            .sample("namesrv_route_cache_evictions_total", cache.evictions());
        out.family("namesrv_route_cache_entries", "gauge", "Encoded routes in the cache")
            .sample("namesrv_route_cache_entries", cache.entryCount());
        out.family("namesrv_route_cache_bytes", "gauge", "Heap the cached routes take, as the bound counts it")
            .sample("namesrv_route_cache_bytes", cache.bytes());
        out.family("namesrv_route_cache_max_bytes", "gauge", "The cache's bound (routeCacheMaxBytes)")
            .sample("namesrv_route_cache_max_bytes", cache.maxBytes());
        out.family("namesrv_broker_expiries_total", "counter",
                "Broker addresses removed by the scan for silent brokers (no heartbeat within their timeout)")
            .sample("namesrv_broker_expiries_total", expiries.sum());
    }
}
