package io.namesrv.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Connections to the store's database that count, per table, the rows the store's statements
 * insert, update or delete: what the database reports for each statement (a batched row the driver
 * rewrote and reports as {@link Statement#SUCCESS_NO_INFO} counts as the one row it is; MariaDB's
 * 2 for an upsert that updated its row, as the one row it is). A store on
 * it is opened as the provider does, with the same driver properties and the schema migrated.
 */
final class CountingDataSource implements DataSource {
    private static final Pattern WRITE =
        Pattern.compile("^\\s*(?:INSERT\\s+INTO|MERGE\\s+INTO|DELETE\\s+FROM|UPDATE)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

    private final JdbcSettings settings;
    private final Map<String, Long> rowsWritten = new TreeMap<>();

    private CountingDataSource(JdbcSettings settings) {
        this.settings = settings;
    }

    /** A store on the database of {@code settings}, whose writes {@link #rowsWritten()} counts. */
    static Counted open(JdbcSettings settings) {
        CountingDataSource counting = new CountingDataSource(settings);
        HikariConfig config = new HikariConfig();
        config.setDataSource(counting);
        config.setMaximumPoolSize(2);
        config.setAutoCommit(false);
        HikariDataSource pool = new HikariDataSource(config);
        new SchemaMigrator(pool, settings.dialect(), settings.describe()).migrate();
        counting.rowsWritten();
        return new Counted(new JdbcRouteStore(pool, settings), counting);
    }

    record Counted(JdbcRouteStore store, CountingDataSource counter) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }

    /** Rows written per table since the last call, and starts counting again. */
    synchronized Map<String, Long> rowsWritten() {
        Map<String, Long> written = new TreeMap<>(rowsWritten);
        rowsWritten.clear();
        return written;
    }

    private synchronized void count(String sql, long rows) {
        Matcher write = WRITE.matcher(sql);
        if (write.find() && rows != 0) {
            rowsWritten.merge(write.group(1).toLowerCase(), rows, Long::sum);
        }
    }

    private static long rows(String sql, int reported) {
        if (reported == Statement.SUCCESS_NO_INFO) {
            return 1;
        }
        // MySQL's convention: an ON DUPLICATE KEY UPDATE row reports 1 when inserted, 2 when updated
        return sql.contains("ON DUPLICATE KEY UPDATE") ? Math.min(reported, 1) : Math.max(reported, 0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = new Properties();
        properties.putAll(settings.dialect().driverProperties(settings.connectionTimeoutMillis(),
            settings.socketTimeoutMillis()));
        if (settings.user() != null) {
            properties.put("user", settings.user());
        }
        if (settings.password() != null) {
            properties.put("password", settings.password());
        }
        Connection connection = DriverManager.getConnection(settings.url(), properties);
        return proxy(Connection.class, connection, (method, args, result) -> {
            if (result instanceof PreparedStatement prepared && args != null && args[0] instanceof String sql) {
                return countingStatement(PreparedStatement.class, prepared, sql);
            }
            if (result instanceof Statement statement && !(result instanceof PreparedStatement)) {
                return countingStatement(Statement.class, statement, null);
            }
            return result;
        });
    }

    private <T extends Statement> T countingStatement(Class<T> type, T statement, String preparedSql) {
        StringBuilder batchedSql = new StringBuilder();
        return proxy(type, statement, (method, args, result) -> {
            String sql = preparedSql != null ? preparedSql : args != null && args.length > 0 && args[0] instanceof String s
                ? s : null;
            switch (method.getName()) {
                case "executeUpdate", "executeLargeUpdate" -> count(sql, rows(sql, ((Number) result).intValue()));
                case "execute" -> {
                    if (!(Boolean) result) {
                        count(sql, rows(sql, statement.getUpdateCount()));
                    }
                }
                case "addBatch" -> {
                    if (preparedSql == null) {
                        batchedSql.append(sql);
                    }
                }
                case "executeBatch" -> {
                    String batch = preparedSql != null ? preparedSql : batchedSql.toString();
                    long total = 0;
                    for (int reported : (int[]) result) {
                        total += rows(batch, reported);
                    }
                    count(batch, total);
                }
                default -> {
                }
            }
            return result;
        });
    }

    private interface AfterCall {
        Object after(Method method, Object[] args, Object result) throws SQLException;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, AfterCall after) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.after(method, args, result);
        };
        return (T) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
