package io.namesrv.store.chronicle;

import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.RouteStoreProvider;

/**
 * {@code storeType=chronicle}: the tables in Chronicle Map files under {@code storePath}, kept
 * across restarts. One store at a time may open a directory.
 *
 * <p>Sizing keys, read from the same config (defaults in brackets): {@code chronicleExpectedTopics}
 * [1000000] (topic-queue entries, one per topic and broker group serving it, plus 10%),
 * {@code chronicleExpectedBrokers} [1024] (broker groups), {@code chronicleExpectedKvEntries} [10000],
 * {@code chronicleAverageTopicBytes} [48], {@code chronicleAverageKvKeyBytes} [64] (namespace and key),
 * {@code chronicleAverageKvValueBytes} [64]. Changing one resizes the table's file at the next open.
 *
 * <p>The JVM needs Chronicle Map's options on JDK 17, and {@code -Dchronicle.analytics.disable=true}
 * (see this module's pom).
 */
public final class ChronicleRouteStoreProvider implements RouteStoreProvider {
    public static final String NAME = "chronicle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public RouteStore open(NamesrvConfig config) {
        return ChronicleRouteStore.open(ChronicleSettings.from(config));
    }
}
