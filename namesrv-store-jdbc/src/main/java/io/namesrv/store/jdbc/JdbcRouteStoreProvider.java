package io.namesrv.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.RouteStoreProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code storeType=jdbc}: the tables in a SQL database through a HikariCP pool: PostgreSQL,
 * MariaDB/MySQL, or by default an H2 file under {@code storePath}. Its keys: {@code jdbcUrl},
 * {@code jdbcUser}, {@code jdbcPassword}, {@code jdbcPoolSize}, {@code jdbcConnectionTimeoutMillis},
 * {@code jdbcSocketTimeoutMillis}.
 */
public final class JdbcRouteStoreProvider implements RouteStoreProvider {
    public static final String NAME = "jdbc";
    private static final Logger log = LoggerFactory.getLogger(JdbcRouteStoreProvider.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean durable() {
        return true;
    }

    /** Connects, brings the schema up to date, and returns the store; throws StoreException if it cannot. */
    @Override
    public RouteStore open(NamesrvConfig config) {
        JdbcSettings settings = JdbcSettings.from(config);
        if (settings.h2FileWithDelayedWrites()) {
            log.warn("{} lacks ;WRITE_DELAY=0: H2 then keeps the last half second of acknowledged writes in the"
                + " process, and kill -9 loses them", JdbcSettings.URL);
        }
        HikariDataSource pool = ConnectionPools.open(settings);
        try {
            int schemaVersion = new SchemaMigrator(pool, settings.dialect(), settings.describe()).migrate();
            log.info("jdbc store on {}: schema version {}, up to {} connection(s)", settings.describe(), schemaVersion,
                settings.poolSize());
            return new JdbcRouteStore(pool, settings);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }
}
