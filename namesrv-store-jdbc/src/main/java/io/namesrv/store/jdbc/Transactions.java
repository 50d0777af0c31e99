package io.namesrv.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.namesrv.core.spi.StoreException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Runs one unit of work as one transaction on a connection borrowed from the pool, and turns any
 * failure into a {@link StoreException}. No connection is kept between two units. When the
 * database drops one connection it has usually dropped them all (a restart, a failover, a network
 * cut), so on such a failure every idle connection is evicted too: the pool would otherwise hand
 * out each dead one once before finding out, failing a write per connection after the database is
 * back.
 */
final class Transactions {
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    interface VoidWork {
        void run(Connection connection) throws SQLException;
    }

    /** PostgreSQL's states for a session the server ended: it shuts down, crashed, or is starting. */
    private static final Set<String> SERVER_ENDED_SESSION = Set.of("57P01", "57P02", "57P03");

    private final HikariDataSource pool;
    private final String database;

    Transactions(HikariDataSource pool, String database) {
        this.pool = pool;
        this.database = database;
    }

    void run(String operation, VoidWork work) {
        call(operation, connection -> {
            work.run(connection);
            return null;
        });
    }

    /** The pool hands out connections with auto-commit off, so everything {@code work} does commits together. */
    <T> T call(String operation, Work<T> work) {
        try (Connection connection = pool.getConnection()) {
            T result;
            try {
                result = work.run(connection);
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
            try {
                connection.commit();
            } catch (SQLException e) {
                evictIdleConnectionsIfLost(e);
                // the commit may have reached the database before the connection failed
                throw StoreFailures.of(operation + " (commit failed: the database may or may not have applied it)",
                    database, e);
            }
            return result;
        } catch (SQLException e) {
            evictIdleConnectionsIfLost(e);
            throw StoreFailures.of(operation, database, e);
        }
    }

    private void evictIdleConnectionsIfLost(SQLException e) {
        if (isConnectionLost(e) && pool.getHikariPoolMXBean() != null) {
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /** Drivers report a failed batch with the connection's own error as the next exception or the cause. */
    private static boolean isConnectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (isConnectionState(sql.getSQLState())
                || sql.getNextException() != null && isConnectionState(sql.getNextException().getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || SERVER_ENDED_SESSION.contains(state));
    }

    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
