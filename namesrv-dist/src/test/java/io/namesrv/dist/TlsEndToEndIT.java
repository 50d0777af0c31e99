package io.namesrv.dist;

import io.namesrv.core.testkit.TestCertificates;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ChildJvm;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.Teardown;
import io.namesrv.dist.support.TlsAdminDriver;
import org.apache.rocketmq.remoting.exception.RemotingException;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our packaged server with TLS, in child JVMs, against Apache RocketMQ 5.4.0's own TLS client code:
 * <ul>
 *   <li>enforcing, with client certificates required and verified against a CA: a real broker and an
 *   admin client, each in its own JVM with its certificate ({@code -Dtls.enable=true -Dtls.client.*},
 *   as operators configure Apache's), register, create a topic, read its route, write and read KV
 *   config; a plain admin client and a TLS client without a certificate are refused;</li>
 *   <li>permissive: a plain and a TLS admin client on the same port see each other's KV writes.</li>
 * </ul>
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsEndToEndIT {
    private static final String CLUSTER = "TlsCluster";
    private static final String BROKER = "tls-broker-a";

    private static TestCertificates certs;
    private static DistNamesrvProcess enforcing;
    private static DistNamesrvProcess permissive;
    private static BrokerProcess broker;
    private static RocketClients enforcingClients;
    private static RocketClients permissiveClients;

    @BeforeAll
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    static void start() {
        certs = TestCertificates.createIn(ItDirs.newDir("tls-certificates"));
        enforcing = DistNamesrvProcess.start(ItDirs.newDir("tls-enforcing-namesrv"), Map.of(
            "tls.server.mode", "enforcing",
            "tls.server.certPath", certs.serverCert().toString(),
            "tls.server.keyPath", certs.serverEncryptedKey().toString(),
            "tls.server.keyPassword", TestCertificates.KEY_PASSWORD,
            "tls.server.need.client.auth", "require",
            "tls.server.authClient", "true",
            "tls.server.trustCertPath", certs.caCert().toString()));
        permissive = DistNamesrvProcess.start(ItDirs.newDir("tls-permissive-namesrv"), Map.of(
            "tls.server.mode", "permissive",
            "tls.server.certPath", certs.serverCert().toString(),
            "tls.server.keyPath", certs.serverKey().toString()));
        enforcingClients = new RocketClients(enforcing.address());
        permissiveClients = new RocketClients(permissive.address());
        // the broker's own server takes TLS too (with the server certificate), so that the admin client,
        // whose TLS settings are for every connection it makes, can create a topic on it
        broker = BrokerProcess.builder(enforcing.address()).cluster(CLUSTER).brokerName(BROKER)
            .jvmArgs(clientTlsOptions())
            .jvmArgs("-Dtls.server.mode=permissive", "-Dtls.server.certPath=" + certs.serverCert(),
                "-Dtls.server.keyPath=" + certs.serverKey())
            // the harness checks registrations with a plain admin client, which this name server refuses
            .awaitRegistration(false)
            .start();
    }

    @AfterAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void stop() throws Exception {
        Teardown.closeAll(enforcingClients, permissiveClients, Teardown.killing(broker), enforcing, permissive);
    }

    /** Apache's client TLS settings: on, the server verified against the test CA, the client's own certificate. */
    private static String[] clientTlsOptions() {
        return new String[] {"-Dtls.enable=true", "-Dtls.test.mode.enable=false", "-Dtls.client.authServer=true",
            "-Dtls.client.trustCertPath=" + certs.caCert(), "-Dtls.client.certPath=" + certs.clientCert(),
            "-Dtls.client.keyPath=" + certs.clientKey()};
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aBrokerAndAnAdminClientWithCertificatesWorkOverTls() {
        Path dir = ItDirs.newDir("tls-admin-driver");
        ChildJvm driver = ChildJvm.builder("tls-admin-driver", TlsAdminDriver.class.getName())
            .workDir(dir)
            .jvmArgs("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
            .jvmArgs(clientTlsOptions())
            .systemProperty("user.home", dir.toString())
            .args(enforcing.address(), CLUSTER, BROKER, broker.address())
            .start();
        try {
            assertTrue(driver.waitFor(Duration.ofSeconds(100)), driver + " did not finish; log tail:\n" + driver.logTail(60));
            String out = driver.log();
            assertEquals(0, driver.stop(Duration.ofSeconds(5)), driver + " failed; log tail:\n" + driver.logTail(80));
            for (String step : List.of("client OK useTLS=true testMode=false authServer=true", "broker-registered OK",
                "route OK", "kv OK", "DONE")) {
                assertTrue(out.contains(step), "'" + step + "' in the driver's output:\n" + out);
            }
        } finally {
            driver.kill();
        }
        assertTrue(enforcing.jvm().log().contains("TLS enforcing (plain connections are refused)"), "the start-up line");
        assertTrue(enforcing.jvm().log().contains("tls enforcing"), "the boot line");
    }

    @Test
    void aPlainClientIsRefusedByEnforcing() {
        DefaultMQAdminExt plain = enforcingClients.newAdmin();
        assertThrows(RemotingException.class, plain::examineBrokerClusterInfo);
        enforcing.jvm().awaitLog("it is not TLS, and tls.server.mode is enforcing", Duration.ofSeconds(10));
    }

    @Test
    void aTlsClientWithoutACertificateIsRefusedWhenOneIsRequired() {
        // Apache's client in its default test mode: TLS, trusting any server, no certificate of its own
        DefaultMQAdminExt anonymous = enforcingClients.newTlsAdmin();
        assertThrows(RemotingException.class, anonymous::examineBrokerClusterInfo);
        enforcing.jvm().awaitLog("TLS handshake failed", Duration.ofSeconds(10));
    }

    @Test
    void permissiveServesPlainAndTlsClientsOnOnePort() throws Exception {
        DefaultMQAdminExt plain = permissiveClients.newAdmin();
        DefaultMQAdminExt tls = permissiveClients.newTlsAdmin();
        String value = RocketClients.unique("value");
        plain.createAndUpdateKvConfig("TLS_IT", "plain-written", value);
        assertEquals(value, tls.getKVConfig("TLS_IT", "plain-written"), "the TLS client reads what the plain one wrote");
        tls.createAndUpdateKvConfig("TLS_IT", "tls-written", value);
        assertEquals(value, plain.getKVConfig("TLS_IT", "tls-written"));
        assertTrue(permissive.jvm().log().contains("TLS permissive (TLS and plain connections on one port)"));
    }
}
