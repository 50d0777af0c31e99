package io.namesrv.store.jdbc;

import io.namesrv.core.spi.StoreException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Brings the database's schema to the version this code knows, recording each applied script in
 * {@code ns_schema_version}. Name servers that start together against one database take a lock
 * first, so each script runs once. A script runs in one transaction, which on PostgreSQL covers its
 * DDL too; H2 and MariaDB commit each DDL statement on its own, so their scripts are written to be
 * run again after a crash half-way.
 */
final class SchemaMigrator {
    /** In order. The list, not a class path scan, says which scripts exist: a jar cannot be listed portably. */
    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "routes"));
    static final int LATEST_VERSION = MIGRATIONS.get(MIGRATIONS.size() - 1).version();

    private static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS ns_schema_version ("
        + "version INT NOT NULL PRIMARY KEY, description VARCHAR(255) NOT NULL, "
        + "applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)";
    private static final String SELECT_VERSION = "SELECT MAX(version) FROM ns_schema_version";
    private static final String INSERT_VERSION = "INSERT INTO ns_schema_version (version, description) VALUES (?, ?)";

    /** An embedded H2 file is open in one process at a time, so a lock in this JVM covers every user of it. */
    private static final ReentrantLock H2_LOCK = new ReentrantLock();
    /** PostgreSQL advisory locks are named by a number: this one spells "namesrv". */
    private static final long POSTGRESQL_LOCK_KEY = 0x6e616d65737276L;
    private static final String MARIADB_LOCK_NAME = "namesrv_schema_migration";
    private static final int MARIADB_LOCK_WAIT_SECONDS = 60;

    private final DataSource dataSource;
    private final Dialect dialect;
    private final String database;

    SchemaMigrator(DataSource dataSource, Dialect dialect, String database) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.database = database;
    }

    /** @return the schema version the database is at */
    int migrate() {
        try (Connection connection = dataSource.getConnection()) {
            lock(connection);
            int version;
            try {
                version = migrateLocked(connection);
            } catch (SQLException | RuntimeException e) {
                releaseAfterFailure(connection, e);
                throw e;
            }
            unlock(connection);
            return version;
        } catch (SQLException e) {
            throw StoreFailures.of("migrate the schema", database, e);
        }
    }

    private int migrateLocked(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(CREATE_VERSION_TABLE);
        }
        int current = currentVersion(connection);
        connection.commit();
        if (current > LATEST_VERSION) {
            throw new StoreException("jdbc store: the schema of " + database + " is at version " + current
                + ", newer than the latest this namesrv knows (" + LATEST_VERSION + "); run a namesrv as new as the one"
                + " that upgraded it, or point " + JdbcSettings.URL + " at another database");
        }
        for (Migration migration : MIGRATIONS) {
            if (migration.version() > current) {
                apply(connection, migration);
                current = migration.version();
            }
        }
        return current;
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(SELECT_VERSION)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void apply(Connection connection, Migration migration) throws SQLException {
        try {
            try (Statement statement = connection.createStatement()) {
                for (String sql : migration.statements(dialect)) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT_VERSION)) {
                insert.setInt(1, migration.version());
                insert.setString(2, migration.description());
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw StoreFailures.of("apply schema migration " + migration.resource(dialect), database, e);
        }
    }

    /** Ends the failed transaction so that the lock can be released, without hiding the failure. */
    private void releaseAfterFailure(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
        try {
            unlock(connection);
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private void lock(Connection connection) throws SQLException {
        switch (dialect) {
            case H2 -> H2_LOCK.lock();
            case POSTGRESQL -> {
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                    statement.setLong(1, POSTGRESQL_LOCK_KEY);
                    statement.execute();
                }
                connection.commit();
            }
            case MARIADB -> {
                try (PreparedStatement statement = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
                    statement.setString(1, MARIADB_LOCK_NAME);
                    statement.setInt(2, MARIADB_LOCK_WAIT_SECONDS);
                    try (ResultSet rows = statement.executeQuery()) {
                        if (!rows.next() || rows.getInt(1) != 1) {
                            throw new StoreException("jdbc store: another process held the schema migration lock "
                                + MARIADB_LOCK_NAME + " of " + database + " for " + MARIADB_LOCK_WAIT_SECONDS + " s");
                        }
                    }
                }
                connection.commit();
            }
        }
    }

    private void unlock(Connection connection) throws SQLException {
        switch (dialect) {
            case H2 -> H2_LOCK.unlock();
            case POSTGRESQL -> {
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    statement.setLong(1, POSTGRESQL_LOCK_KEY);
                    statement.execute();
                }
                connection.commit();
            }
            case MARIADB -> {
                try (PreparedStatement statement = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                    statement.setString(1, MARIADB_LOCK_NAME);
                    statement.execute();
                }
                connection.commit();
            }
        }
    }
}
