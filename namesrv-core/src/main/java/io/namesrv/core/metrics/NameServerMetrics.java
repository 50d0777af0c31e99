package io.namesrv.core.metrics;

import io.namesrv.core.NameServer;
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
        out.family("namesrv_broker_expiries_total", "counter",
                "Broker addresses removed by the scan for silent brokers (no heartbeat within their timeout)")
            .sample("namesrv_broker_expiries_total", expiries.sum());
    }
}
