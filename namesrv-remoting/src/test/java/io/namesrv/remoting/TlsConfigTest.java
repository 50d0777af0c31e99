package io.namesrv.remoting;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.config.TlsMode;
import io.namesrv.core.testkit.TestCertificates;
import io.namesrv.remoting.tls.ServerTls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A TLS configuration the server cannot serve with stops it at start-up, with the key to fix in the message. */
@Timeout(30)
class TlsConfigTest {
    @TempDir
    static Path certDir;
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.createIn(certDir);
    }

    private static Map<String, String> enforcing() {
        Map<String, String> settings = new HashMap<>();
        settings.put("tls.server.mode", "enforcing");
        settings.put("tls.server.certPath", certs.serverCert().toString());
        settings.put("tls.server.keyPath", certs.serverKey().toString());
        return settings;
    }

    private static String refusal(Map<String, String> settings) {
        return assertThrows(ConfigException.class, () -> ServerTls.from(NamesrvConfig.of(settings))).getMessage();
    }

    @Test
    void modesAreReadAsApacheWritesThem() {
        assertEquals(TlsMode.DISABLED, NamesrvConfig.defaults().get(NamesrvConfig.TLS_SERVER_MODE));
        assertEquals(TlsMode.ENFORCING, ServerTls.from(NamesrvConfig.of(enforcing())).mode());
        String message = assertThrows(ConfigException.class,
            () -> NamesrvConfig.of(Map.of("tls.server.mode", "strict"))).getMessage();
        assertTrue(message.contains("tls.server.mode") && message.contains("disabled, permissive, enforcing"), message);
    }

    @Test
    void tlsWithoutACertificateIsRefused() {
        Map<String, String> settings = Map.of("tls.server.mode", "permissive");
        String message = refusal(settings);
        assertTrue(message.contains("tls.server.certPath") && message.contains("tls.test.mode.enable"), message);
    }

    @Test
    void aMissingFileIsNamed() {
        Map<String, String> settings = enforcing();
        settings.put("tls.server.keyPath", certDir.resolve("nowhere.key").toString());
        String message = refusal(settings);
        assertTrue(message.contains("tls.server.keyPath") && message.contains("nowhere.key"), message);
    }

    @Test
    void anEncryptedKeyNeedsItsPassword() {
        Map<String, String> settings = enforcing();
        settings.put("tls.server.keyPath", certs.serverEncryptedKey().toString());
        settings.put("tls.server.keyPassword", "wrong");
        String message = refusal(settings);
        assertTrue(message.contains("server-encrypted.key") && message.contains("tls.server.keyPassword"), message);
        settings.put("tls.server.keyPassword", TestCertificates.KEY_PASSWORD);
        assertEquals(TlsMode.ENFORCING, ServerTls.from(NamesrvConfig.of(settings)).mode());
    }

    @Test
    void aKeyThatIsNotAKeyIsRefused() {
        Map<String, String> settings = enforcing();
        settings.put("tls.server.keyPath", certs.caCert().toString());
        assertTrue(refusal(settings).contains("PKCS#8"));
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        Map<String, String> settings = enforcing();
        settings.put("tls.server.keyPath", certs.renewedServerKey().toString());
        String message = refusal(settings);
        assertTrue(message.contains("renewed-server.key is not the key of the certificate CN=127.0.0.1"), message);
    }

    @Test
    void anUnknownCipherSuiteOrProtocolIsRefused() {
        Map<String, String> ciphers = enforcing();
        ciphers.put("tls.ciphers", "TLS_NO_SUCH_CIPHER");
        assertTrue(refusal(ciphers).contains("tls.ciphers"));
        Map<String, String> protocols = enforcing();
        protocols.put("tls.protocols", "TLSv9");
        assertTrue(refusal(protocols).contains("tls.protocols"));
    }

    @Test
    void disabledReadsNoFile() {
        Map<String, String> settings = Map.of("tls.server.mode", "disabled", "tls.server.certPath", "/nowhere.pem");
        assertEquals(TlsMode.DISABLED, ServerTls.from(NamesrvConfig.of(settings)).mode());
    }
}
