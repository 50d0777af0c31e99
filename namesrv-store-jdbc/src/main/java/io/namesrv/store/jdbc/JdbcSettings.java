package io.namesrv.store.jdbc;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The store's own config keys, which the core does not know, read and checked once when the store
 * opens. The password is kept out of {@link #toString()} and of {@link #describe()}, which go to
 * logs and error messages.
 */
record JdbcSettings(Dialect dialect, String url, String user, String password, int poolSize, int connectionTimeoutMillis,
                    int socketTimeoutMillis) {
    static final String URL = "jdbcUrl";
    static final String USER = "jdbcUser";
    static final String PASSWORD = "jdbcPassword";
    static final String POOL_SIZE = "jdbcPoolSize";
    static final String CONNECTION_TIMEOUT_MILLIS = "jdbcConnectionTimeoutMillis";
    static final String SOCKET_TIMEOUT_MILLIS = "jdbcSocketTimeoutMillis";

    static final int DEFAULT_POOL_SIZE = 4;
    static final int DEFAULT_CONNECTION_TIMEOUT_MILLIS = 5_000;
    static final int DEFAULT_SOCKET_TIMEOUT_MILLIS = 30_000;
    /** HikariCP refuses to wait less than this for a connection. */
    private static final int MIN_CONNECTION_TIMEOUT_MILLIS = 250;

    static JdbcSettings from(NamesrvConfig config) {
        String url = text(config, URL);
        if (url == null) {
            url = defaultH2Url(Path.of(config.get(NamesrvConfig.STORE_PATH)));
        }
        return new JdbcSettings(Dialect.ofUrl(url), url, text(config, USER), config.raw(PASSWORD),
            number(config, POOL_SIZE, DEFAULT_POOL_SIZE, 1, 1_000),
            number(config, CONNECTION_TIMEOUT_MILLIS, DEFAULT_CONNECTION_TIMEOUT_MILLIS,
                MIN_CONNECTION_TIMEOUT_MILLIS, Integer.MAX_VALUE),
            number(config, SOCKET_TIMEOUT_MILLIS, DEFAULT_SOCKET_TIMEOUT_MILLIS, 0, Integer.MAX_VALUE));
    }

    /**
     * An H2 file under the store path. WRITE_DELAY=0 writes each commit to the file before the
     * commit returns; H2's default would keep up to half a second of acknowledged writes in the
     * process only, lost on kill -9.
     */
    static String defaultH2Url(Path storePath) {
        return "jdbc:h2:file:" + storePath.toAbsolutePath().resolve("namesrv") + ";WRITE_DELAY=0";
    }

    /** An H2 file that keeps commits in the process for a while, as H2 does unless told WRITE_DELAY=0. */
    boolean h2FileWithDelayedWrites() {
        String upper = url.toUpperCase(Locale.ROOT);
        return dialect == Dialect.H2 && !upper.startsWith("JDBC:H2:MEM:") && !upper.contains(";WRITE_DELAY=0");
    }

    /** Which database, for logs and error messages: product, URL without secrets, and user. */
    String describe() {
        return dialect.displayName() + " at " + redact(url) + (user == null ? "" : " as " + user);
    }

    @Override
    public String toString() {
        return "JdbcSettings[dialect=" + dialect + ", url=" + redact(url) + ", user=" + user
            + ", password=" + (password == null ? "unset" : "***") + ", poolSize=" + poolSize + ", connectionTimeoutMillis=" + connectionTimeoutMillis
            + ", socketTimeoutMillis=" + socketTimeoutMillis + "]";
    }

    /** A JDBC URL with any password it carries (as a parameter or as user:password@) masked. */
    static String redact(String jdbcUrl) {
        return jdbcUrl
            .replaceAll("(?i)(password=)[^&;]*", "$1***")
            .replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
    }

    private static String text(NamesrvConfig config, String key) {
        String value = config.raw(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int number(NamesrvConfig config, String key, int defaultValue, int min, int max) {
        String value = text(config, key);
        if (value == null) {
            return defaultValue;
        }
        String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range, like an out-of-range number
        }
        throw new ConfigException(key + " must be a whole number " + range + "; got '" + value + "'");
    }
}
