package io.namesrv.store.jdbc;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class JdbcSettingsTest {
    private static JdbcSettings settings(Map<String, String> values) {
        return JdbcSettings.from(NamesrvConfig.of(values));
    }

    @Test
    void withoutAUrlTheStoreIsAnH2FileUnderTheStorePath() {
        JdbcSettings settings = settings(Map.of(NamesrvConfig.STORE_PATH.name(), "/var/namesrv"));
        assertEquals(Dialect.H2, settings.dialect());
        assertEquals("jdbc:h2:file:" + Path.of("/var/namesrv", "namesrv") + ";WRITE_DELAY=0", settings.url());
        assertEquals(JdbcSettings.DEFAULT_POOL_SIZE, settings.poolSize());
        assertEquals(JdbcSettings.DEFAULT_CONNECTION_TIMEOUT_MILLIS, settings.connectionTimeoutMillis());
        assertEquals(JdbcSettings.DEFAULT_SOCKET_TIMEOUT_MILLIS, settings.socketTimeoutMillis());
    }

    @Test
    void onlyAnH2FileWithoutWriteDelayZeroIsFlaggedAsLosingWrites() {
        assertFalse(settings(Map.of()).h2FileWithDelayedWrites(), "the default URL");
        assertTrue(settings(Map.of("jdbcUrl", "jdbc:h2:file:/var/namesrv/db")).h2FileWithDelayedWrites());
        assertFalse(settings(Map.of("jdbcUrl", "jdbc:h2:file:/var/namesrv/db;write_delay=0")).h2FileWithDelayedWrites());
        assertFalse(settings(Map.of("jdbcUrl", "jdbc:h2:mem:ns")).h2FileWithDelayedWrites());
        assertFalse(settings(Map.of("jdbcUrl", "jdbc:postgresql://db/ns")).h2FileWithDelayedWrites());
    }

    @Test
    void theDialectFollowsTheUrl() {
        assertEquals(Dialect.POSTGRESQL, settings(Map.of("jdbcUrl", "jdbc:postgresql://db/ns")).dialect());
        assertEquals(Dialect.MARIADB, settings(Map.of("jdbcUrl", "jdbc:mariadb://db/ns")).dialect());
        assertEquals(Dialect.MARIADB, settings(Map.of("jdbcUrl", "jdbc:mysql://db/ns")).dialect());
        assertEquals(Dialect.H2, settings(Map.of("jdbcUrl", "jdbc:h2:mem:ns")).dialect());
    }

    @Test
    void anUnsupportedDatabaseIsRefusedWithTheSupportedOnes() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> settings(Map.of("jdbcUrl", "jdbc:oracle:thin:@db:1521/ns")));
        assertEquals("jdbcUrl must start with one of jdbc:h2:, jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:;"
            + " got 'jdbc:oracle:thin:@db:1521/ns'", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "jdbcPoolSize                | 0     | jdbcPoolSize must be a whole number from 1 to 1000; got '0'",
        "jdbcPoolSize                | four  | jdbcPoolSize must be a whole number from 1 to 1000; got 'four'",
        "jdbcConnectionTimeoutMillis | 100   | jdbcConnectionTimeoutMillis must be a whole number at least 250; got '100'",
        "jdbcSocketTimeoutMillis     | -1    | jdbcSocketTimeoutMillis must be a whole number at least 0; got '-1'",
        "jdbcSocketTimeoutMillis     | 1.5   | jdbcSocketTimeoutMillis must be a whole number at least 0; got '1.5'"})
    void aBadNumberIsRefusedWithItsKeyAndRange(String key, String value, String message) {
        assertEquals(message, assertThrows(ConfigException.class, () -> settings(Map.of(key, value))).getMessage());
    }

    @Test
    void thePasswordIsNeverShown() {
        JdbcSettings settings = settings(Map.of("jdbcUrl", "jdbc:postgresql://db/ns?user=ns&password=s3cret&ssl=true",
            "jdbcUser", "ns", "jdbcPassword", "s3cret"));
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertEquals("PostgreSQL at jdbc:postgresql://db/ns?user=ns&password=***&ssl=true as ns", settings.describe());
        assertEquals("jdbc:mariadb://ns:***@db/ns", JdbcSettings.redact("jdbc:mariadb://ns:s3cret@db/ns"));
    }

    @Test
    void anUnreachableDatabaseFailsTheStartWithinTheTimeoutAndSaysWhere() {
        NamesrvConfig config = NamesrvConfig.of(Map.of("jdbcUrl", "jdbc:postgresql://127.0.0.1:1/ns",
            "jdbcUser", "ns", "jdbcPassword", "s3cret", "jdbcConnectionTimeoutMillis", "500"));
        StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
            () -> assertThrows(StoreException.class, () -> new JdbcRouteStoreProvider().open(config)));
        assertTrue(e.getMessage().startsWith("jdbc store cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/ns"
            + " as ns: "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
}
