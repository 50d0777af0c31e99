package io.namesrv.store.jdbc;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PostgreSQL or MariaDB server the tests create their own databases in. The local ones are the
 * servers CI starts (127.0.0.1, overridable with -Dnamesrv.jdbc.postgres.url/.user/.password and
 * -Dnamesrv.jdbc.mariadb.*); when one is down its tests fail, and say how to skip them with
 * -Dnamesrv.jdbc.skipExternal=true, since a silent skip would hide a broken CI.
 */
record ExternalDatabase(Kind kind, String adminUrl, String user, String password, boolean local) {
    static final String SKIP_PROPERTY = "namesrv.jdbc.skipExternal";
    private static final int LOGIN_TIMEOUT_SECONDS = 5;
    /** Why a server was unreachable, so that its other tests fail at once instead of waiting again. */
    private static final Map<String, String> UNREACHABLE = new ConcurrentHashMap<>();

    enum Kind {
        POSTGRESQL("PostgreSQL", "postgres", "jdbc:postgresql://127.0.0.1:5432/test", "postgres"),
        MARIADB("MariaDB", "mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root");

        final String displayName;
        final String propertyPrefix;
        final String defaultUrl;
        final String defaultUser;

        Kind(String displayName, String propertyName, String defaultUrl, String defaultUser) {
            this.displayName = displayName;
            this.propertyPrefix = "namesrv.jdbc." + propertyName + ".";
            this.defaultUrl = defaultUrl;
            this.defaultUser = defaultUser;
        }
    }

    static ExternalDatabase postgres() {
        return local(Kind.POSTGRESQL);
    }

    static ExternalDatabase mariadb() {
        return local(Kind.MARIADB);
    }

    private static ExternalDatabase local(Kind kind) {
        return new ExternalDatabase(kind, System.getProperty(kind.propertyPrefix + "url", kind.defaultUrl),
            System.getProperty(kind.propertyPrefix + "user", kind.defaultUser),
            System.getProperty(kind.propertyPrefix + "password", ""), true);
    }

    /** A server started by Testcontainers. */
    static ExternalDatabase container(Kind kind, String jdbcUrl, String user, String password) {
        return new ExternalDatabase(kind, jdbcUrl, user, password, false);
    }

    /** The URL of one database (PostgreSQL: schema) of this server. */
    String urlOf(String name) {
        return switch (kind) {
            case POSTGRESQL -> adminUrl + (adminUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
            case MARIADB -> adminUrl.replaceFirst("^(jdbc:[a-z]+://[^/]+/)[^?]*", "$1" + name);
        };
    }

    void create(String name) {
        execute(kind == Kind.POSTGRESQL ? "CREATE SCHEMA " + name : "CREATE DATABASE " + name);
    }

    void drop(String name) {
        execute(kind == Kind.POSTGRESQL ? "DROP SCHEMA IF EXISTS " + name + " CASCADE" : "DROP DATABASE IF EXISTS " + name);
    }

    Connection connect(String url) throws SQLException {
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        return DriverManager.getConnection(url, user, password);
    }

    private void execute(String sql) {
        String unreachable = UNREACHABLE.get(adminUrl);
        if (unreachable != null) {
            unavailable(unreachable);
        }
        try (Connection connection = connect(adminUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                UNREACHABLE.put(adminUrl, e.getMessage());
                unavailable(e.getMessage());
            }
            throw new IllegalStateException(sql + " failed on " + kind.displayName + " at " + adminUrl, e);
        }
    }

    private void unavailable(String reason) {
        String what = kind.displayName + " at " + adminUrl + " as " + user + " is not reachable (" + reason + ")";
        if (local && Boolean.getBoolean(SKIP_PROPERTY)) {
            Assumptions.abort(what + "; skipped as -D" + SKIP_PROPERTY + "=true asks");
        }
        throw new IllegalStateException(what + ". Start it (.ci/run does), point -D" + kind.propertyPrefix
            + "url/user/password at another server, or skip these tests with -D" + SKIP_PROPERTY + "=true");
    }
}
