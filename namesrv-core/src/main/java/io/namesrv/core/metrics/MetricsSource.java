package io.namesrv.core.metrics;

/** Something that writes its metric families into a scrape. */
@FunctionalInterface
public interface MetricsSource {
    void writeTo(PrometheusText out);
}
