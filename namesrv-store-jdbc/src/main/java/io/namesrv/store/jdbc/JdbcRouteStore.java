package io.namesrv.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoredRoutes;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The tables in a SQL database: each call of the SPI is one transaction. */
final class JdbcRouteStore implements RouteStore {
    private final HikariDataSource pool;
    private final Transactions transactions;
    private final RouteTablesWriter writer;
    private final RouteTablesReader reader = new RouteTablesReader();
    private final KvConfigTable kvConfig;

    JdbcRouteStore(HikariDataSource pool, JdbcSettings settings) {
        this.pool = pool;
        this.transactions = new Transactions(pool, settings.describe());
        this.writer = new RouteTablesWriter(settings.dialect());
        this.kvConfig = new KvConfigTable(settings.dialect());
    }

    @Override
    public StoredRoutes loadRoutes() {
        return transactions.call("load the route tables", connection -> {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            return reader.read(connection);
        });
    }

    @Override
    public void apply(RouteChange change) {
        if (change.isEmpty()) {
            return;
        }
        transactions.run("apply a route change (" + describe(change) + ")",
            connection -> writer.apply(connection, change));
    }

    @Override
    public void putLive(BrokerAddr addr, BrokerLiveInfo info) {
        transactions.run("write the live entry of " + addr, connection -> writer.putLive(connection, addr, info));
    }

    @Override
    public Map<String, Map<String, String>> loadKvConfig() {
        return transactions.call("load the KV config", kvConfig::readAll);
    }

    @Override
    public void putKvConfig(String namespace, String key, String value) {
        transactions.run("put KV config " + namespace + "/" + key,
            connection -> kvConfig.put(connection, namespace, key, value));
    }

    @Override
    public void deleteKvConfig(String namespace, String key) {
        transactions.run("delete KV config " + namespace + "/" + key,
            connection -> kvConfig.delete(connection, namespace, key));
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Row counts by table, e.g. "queues +10000, live +1", to tell in an error which change failed. */
    private static String describe(RouteChange change) {
        List<String> parts = new ArrayList<>();
        count(parts, "clusters", change.clustersPut().size(), change.clustersRemoved().size());
        count(parts, "brokers", change.brokersPut().size(), change.brokersRemoved().size());
        count(parts, "queues", change.queuesPut().size(), change.queuesRemoved().size());
        count(parts, "live", change.livePut().size(), change.liveRemoved().size());
        return String.join(", ", parts);
    }

    private static void count(List<String> parts, String table, int put, int removed) {
        if (put > 0 || removed > 0) {
            parts.add(table + (put > 0 ? " +" + put : "") + (removed > 0 ? " -" + removed : ""));
        }
    }
}
