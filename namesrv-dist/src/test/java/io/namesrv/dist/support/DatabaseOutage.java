package io.namesrv.dist.support;

import io.namesrv.core.testkit.TcpProxy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The jdbc store's database reached through a relay: the outage cuts it, as a lost database looks. */
public final class DatabaseOutage implements StoreOutage {
    private static final Pattern JDBC_AUTHORITY = Pattern.compile("//([^/:]+):(\\d+)/");

    private final AutoCloseable database;
    private final Map<String, String> direct;
    private final TcpProxy relay;
    private final Map<String, String> relayed;

    /** @param database the schema or database, dropped on close; {@code storeConfig} points at it */
    public DatabaseOutage(AutoCloseable database, Map<String, String> storeConfig) throws IOException {
        this.database = database;
        this.direct = storeConfig;
        Matcher authority = JDBC_AUTHORITY.matcher(storeConfig.get("jdbcUrl"));
        if (!authority.find()) {
            throw new IllegalArgumentException("no host:port in " + storeConfig.get("jdbcUrl"));
        }
        this.relay = new TcpProxy(authority.group(1), Integer.parseInt(authority.group(2)));
        this.relayed = new HashMap<>(storeConfig);
        relayed.put("jdbcUrl", authority.replaceFirst("//127.0.0.1:" + relay.port() + "/"));
    }

    public static DatabaseOutage postgresql() throws IOException {
        PostgresSchema schema = new PostgresSchema();
        return new DatabaseOutage(schema, schema.storeConfig());
    }

    public static DatabaseOutage mariadb() throws IOException {
        MariaDbDatabase database = new MariaDbDatabase();
        return new DatabaseOutage(database, database.storeConfig());
    }

    @Override
    public Map<String, String> serverConfig() {
        return relayed;
    }

    @Override
    public Map<String, String> freshConfig() {
        return direct;
    }

    @Override
    public boolean stopsWrites() {
        return true;
    }

    @Override
    public void begin() {
        relay.cut();
    }

    @Override
    public void end() {
        relay.restore();
    }

    @Override
    public void close() throws Exception {
        Teardown.closeAll(relay, database);
    }
}
