package io.namesrv.store.jdbc;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoredRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static io.namesrv.store.jdbc.Changes.CLUSTER;
import static io.namesrv.store.jdbc.Changes.addrOf;
import static io.namesrv.store.jdbc.Changes.live;
import static io.namesrv.store.jdbc.Changes.registration;
import static io.namesrv.store.jdbc.Changes.removal;

/**
 * Prints how long the store takes for the big operations; it asserts nothing, timings being the
 * machine's. Its name keeps it out of the default test run; run it with
 * {@code mvn -B -o verify -pl namesrv-store-jdbc -Dtest=JdbcStoreTimings -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Timeout(600)
class JdbcStoreTimings {
    private static final int TOPICS_PER_BROKER = 10_000;
    private static final int BROKERS_FOR_LOAD = 10;
    private static final int HEARTBEATS = 1_000;

    @TempDir
    Path storeDir;

    @Test
    void h2() {
        measure("H2 file", Map.of(NamesrvConfig.STORE_PATH.name(), storeDir.toString()));
    }

    @Test
    void postgresql() {
        onFreshDatabase("PostgreSQL", new FreshDatabase(ExternalDatabase::postgres));
    }

    @Test
    void mariadb() {
        onFreshDatabase("MariaDB", new FreshDatabase(ExternalDatabase::mariadb));
    }

    private void onFreshDatabase(String name, FreshDatabase database) {
        database.beforeEach(null);
        try {
            measure(name, database.storeConfig(Map.of(NamesrvConfig.STORE_PATH.name(), storeDir.toString())));
        } finally {
            database.afterEach(null);
        }
    }

    private static void measure(String name, Map<String, String> config) {
        try (RouteStore store = new JdbcRouteStoreProvider().open(NamesrvConfig.of(config))) {
            // a first round for the JIT and the database's caches
            store.apply(registration("warm-up", "topic-", TOPICS_PER_BROKER));
            store.apply(removal("warm-up", "topic-", TOPICS_PER_BROKER));

            long start = System.nanoTime();
            store.apply(registration("broker-0", "topic-", TOPICS_PER_BROKER));
            print(name, "registration of 10,000 topics (one apply)", start);

            start = System.nanoTime();
            store.apply(registration("broker-0", "topic-", TOPICS_PER_BROKER));
            print(name, "same registration again (10,000 upserts of existing rows)", start);

            start = System.nanoTime();
            BrokerAddr addr = new BrokerAddr(CLUSTER, addrOf("broker-0"));
            for (int i = 0; i < HEARTBEATS; i++) {
                store.putLive(addr, live(i));
            }
            print(name, HEARTBEATS + " heartbeats (putLive), one after the other", start);

            start = System.nanoTime();
            store.apply(removal("broker-0", "topic-", TOPICS_PER_BROKER));
            print(name, "removal of a broker with 10,000 topics (one apply)", start);

            for (int b = 0; b < BROKERS_FOR_LOAD; b++) {
                store.apply(registration("broker-" + b, "topic-" + b + "-", TOPICS_PER_BROKER));
            }
            for (int round = 1; round <= 2; round++) {
                start = System.nanoTime();
                StoredRoutes routes = store.loadRoutes();
                print(name, "loadRoutes of " + routes.topicQueues().size() + " topics, round " + round, start);
            }
        }
    }

    private static void print(String database, String what, long startNanos) {
        System.out.printf("TIMING %-10s %-60s %7.1f ms%n", database, what, (System.nanoTime() - startNanos) / 1e6);
    }
}
