package io.namesrv.dist;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.config.TlsClientAuth;
import io.namesrv.core.config.TlsMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** TLS keys from Apache's places: system properties, under tls.config.file, under the config file and command line. */
class TlsKeySourcesTest {
    @TempDir
    Path dir;

    private static Properties system(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void systemPropertiesWithApacheNamesAreRead() {
        NamesrvConfig config = NamesrvConfig.of(TlsKeySources.under(Map.of(),
            system("tls.server.mode", "enforcing", "tls.server.certPath", "/sys.pem", "listenPort", "1234")));
        assertEquals(TlsMode.ENFORCING, config.get(NamesrvConfig.TLS_SERVER_MODE));
        assertEquals("/sys.pem", config.get(NamesrvConfig.TLS_SERVER_CERT_PATH));
        assertEquals(9876, config.get(NamesrvConfig.LISTEN_PORT), "only TLS keys come from system properties");
    }

    @Test
    void theTlsFileWinsOverSystemPropertiesButNotForTheMode() throws IOException {
        Path tlsFile = Files.writeString(dir.resolve("tls.properties"),
            "tls.server.mode=enforcing\ntls.server.certPath=/file.pem\ntls.server.need.client.auth=require\n");
        NamesrvConfig config = NamesrvConfig.of(TlsKeySources.under(Map.of(),
            system("tls.config.file", tlsFile.toString(), "tls.server.mode", "permissive", "tls.server.certPath", "/sys.pem")));
        assertEquals(TlsMode.PERMISSIVE, config.get(NamesrvConfig.TLS_SERVER_MODE), "Apache reads the mode from the system property only");
        assertEquals("/file.pem", config.get(NamesrvConfig.TLS_SERVER_CERT_PATH));
        assertEquals(TlsClientAuth.REQUIRE, config.get(NamesrvConfig.TLS_SERVER_NEED_CLIENT_AUTH));
    }

    @Test
    void theConfigFileAndCommandLineWinOverBoth() throws IOException {
        Path tlsFile = Files.writeString(dir.resolve("tls.properties"), "tls.server.certPath=/file.pem\ntls.server.keyPath=/file.key\n");
        NamesrvConfig config = NamesrvConfig.of(TlsKeySources.under(
            Map.of("tls.config.file", tlsFile.toString(), "tls.server.certPath", "/settings.pem"),
            system("tls.server.certPath", "/sys.pem")));
        assertEquals("/settings.pem", config.get(NamesrvConfig.TLS_SERVER_CERT_PATH));
        assertEquals("/file.key", config.get(NamesrvConfig.TLS_SERVER_KEY_PATH));
    }

    @Test
    void aTlsFileNamedOnPurposeMustExistApachesDefaultNeedNot() {
        String missing = dir.resolve("missing.properties").toString();
        String message = assertThrows(ConfigException.class,
            () -> TlsKeySources.under(Map.of("tls.config.file", missing), system())).getMessage();
        assertTrue(message.contains("tls.config.file") && message.contains(missing), message);
        assumeFalse(Files.exists(Path.of(NamesrvConfig.TLS_CONFIG_FILE.defaultValue())), "this machine has an Apache TLS file");
        assertEquals(Map.of("listenPort", "1"), TlsKeySources.under(Map.of("listenPort", "1"), system()));
    }
}
