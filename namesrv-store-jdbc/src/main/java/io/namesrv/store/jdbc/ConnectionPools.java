package io.namesrv.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.namesrv.core.spi.StoreException;

import java.sql.SQLException;

/** Opens the HikariCP pool the store borrows its connections from. */
final class ConnectionPools {
    private static final String POOL_NAME = "namesrv-jdbc";
    /** HikariCP's own default; a shorter connection timeout lowers it, as Hikari wants it no longer. */
    private static final int MAX_VALIDATION_TIMEOUT_MILLIS = 5_000;

    private ConnectionPools() {
    }

    /** A pool with one connection checked, so that a wrong URL or password fails the start, not the first write. */
    static HikariDataSource open(JdbcSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(POOL_NAME);
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setConnectionTimeout(settings.connectionTimeoutMillis());
        config.setValidationTimeout(Math.min(MAX_VALIDATION_TIMEOUT_MILLIS, settings.connectionTimeoutMillis()));
        config.setInitializationFailTimeout(settings.connectionTimeoutMillis());
        // every unit of work is a transaction that ends with an explicit commit
        config.setAutoCommit(false);
        if (settings.dialect() == Dialect.H2) {
            config.setExceptionOverride(new H2ClosedDatabaseEviction());
        }
        settings.dialect().driverProperties(settings.connectionTimeoutMillis(), settings.socketTimeoutMillis())
            .forEach(config::addDataSourceProperty);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException("jdbc store cannot connect to " + settings.describe() + ": " + reason(e), e);
        } catch (RuntimeException e) {
            // HikariCP reports a URL that no driver on the class path accepts this way
            throw new StoreException("jdbc store cannot open a connection pool for " + settings.describe() + ": "
                + reason(e), e);
        }
    }

    private static String reason(RuntimeException e) {
        return e.getCause() instanceof SQLException sql ? StoreFailures.reason(sql)
            : e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    }
}
