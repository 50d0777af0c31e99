package io.namesrv.core.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The sources one scrape reads, in the order they were added. Sources join while the server
 * starts (the store once open, the network once bound), so a scrape during start-up shows what
 * exists so far.
 */
public final class MetricsRegistry {
    private final List<MetricsSource> sources = new CopyOnWriteArrayList<>();

    public MetricsRegistry add(MetricsSource source) {
        sources.add(source);
        return this;
    }

    /** Every source's families as Prometheus text. */
    public String scrape() {
        PrometheusText out = new PrometheusText();
        sources.forEach(source -> source.writeTo(out));
        return out.toString();
    }
}
