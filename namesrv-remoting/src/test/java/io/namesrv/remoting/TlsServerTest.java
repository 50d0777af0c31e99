package io.namesrv.remoting;

import ch.qos.logback.classic.Level;
import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.core.testkit.TestCertificates;
import io.namesrv.remoting.netty.ServerConnectionHandler;
import io.namesrv.remoting.protocol.CommandCodec;
import io.namesrv.remoting.protocol.RemotingCommand;
import io.namesrv.remoting.tls.ServerTls;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS on a real server on 127.0.0.1, each tls.server.mode, with the JDK's own TLS sockets as clients
 * and certificates openssl made for the test.
 */
@Timeout(60)
class TlsServerTest {
    private static final String DETECTOR = "io.namesrv.remoting.tls.TlsModeDetector";

    @TempDir
    static Path certDir;
    private static TestCertificates certs;

    private LoopbackServer server;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.createIn(certDir);
    }

    private void start(Map<String, String> settings) throws InterruptedException {
        server = LoopbackServer.start(settings);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, String> serverCertificate(String mode) {
        return Map.of("tls.server.mode", mode,
            "tls.server.certPath", certs.serverCert().toString(),
            "tls.server.keyPath", certs.serverKey().toString());
    }

    private Socket plain() throws IOException {
        return server.connect(new Socket());
    }

    /** A TLS connection that verifies the server's certificate against the test CA, with the client certificate given (or none). */
    private SSLSocket tls(Path clientCert, Path clientKey) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
            .trustManager(certs.caCert().toFile());
        if (clientCert != null) {
            builder.keyManager(clientCert.toFile(), clientKey.toFile());
        }
        return connect(((JdkSslContext) builder.build()).context());
    }

    private SSLSocket connect(SSLContext context) throws IOException {
        return server.connect((SSLSocket) context.getSocketFactory().createSocket());
    }

    private static RemotingCommand routeQuery(Socket socket, int opaque) throws IOException {
        RemotingCommand request = RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC, Map.of("topic", "TopicTest"))
            .opaque(opaque).version(RemotingCommand.SERVER_VERSION);
        ByteBuf frame = Unpooled.buffer();
        CommandCodec.encode(request, frame);
        socket.getOutputStream().write(ByteBufUtil.getBytes(frame));
        frame.release();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] answer = new byte[in.readInt()];
        in.readFully(answer);
        return CommandCodec.decode(Unpooled.wrappedBuffer(answer));
    }

    /** The server closed the connection: end of stream, or (TLS) an alert or a reset, not an answer. */
    private static void assertClosedByServer(Socket socket, String what) {
        try {
            assertEquals(-1, socket.getInputStream().read(), what);
        } catch (IOException closed) {
            // SSLException (an alert) or a reset: closed as well
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void permissiveServesPlainAndTlsOnOnePort() throws Exception {
        start(serverCertificate("permissive"));
        assertEquals(ResponseCode.SUCCESS, routeQuery(plain(), 1).code());

        SSLSocket tls = tls(null, null);
        assertEquals(ResponseCode.SUCCESS, routeQuery(tls, 2).code());
        X509Certificate served = (X509Certificate) tls.getSession().getPeerCertificates()[0];
        assertEquals("CN=127.0.0.1", served.getSubjectX500Principal().getName(), "the configured certificate");
        assertTrue(tls.getSession().getProtocol().startsWith("TLSv1."), tls.getSession().getProtocol());
        assertEquals(ResponseCode.SUCCESS, routeQuery(tls, 3).code(), "a second request on the TLS connection");
        assertEquals(2, server.remoting.openConnections());
    }

    @Test
    void enforcingRefusesPlainConnectionsAndServesTls() throws Exception {
        Map<String, String> settings = new HashMap<>(serverCertificate("enforcing"));
        settings.put("tls.server.keyPath", certs.serverEncryptedKey().toString());
        settings.put("tls.server.keyPassword", TestCertificates.KEY_PASSWORD);
        start(settings);
        try (LogCapture logs = LogCapture.of("io.namesrv")) {
            Socket plain = plain();
            assertThrows(IOException.class, () -> routeQuery(plain, 1), "a plain request gets no answer");
            await(() -> logs.count(DETECTOR, Level.WARN, "it is not TLS, and tls.server.mode is enforcing") == 1,
                "one WARN for the plain connection");
            assertEquals(ResponseCode.SUCCESS, routeQuery(tls(null, null), 2).code());
            await(() -> server.remoting.openConnections() == 1, "the plain connection is counted out");
        }
    }

    @Test
    void disabledClosesATlsHandshakeAsABrokenFrame() throws Exception {
        start(Map.of("tls.server.mode", "disabled"));
        try (LogCapture logs = LogCapture.of("io.namesrv")) {
            SSLSocket tls = tls(null, null);
            assertThrows(IOException.class, tls::startHandshake);
            await(() -> logs.count(ServerConnectionHandler.class, Level.WARN, "broken frame") == 1,
                "the ClientHello is a broken frame");
            assertEquals(ResponseCode.SUCCESS, routeQuery(plain(), 1).code(), "plain connections are served");
        }
    }

    @Test
    void requiredClientCertificateIsVerifiedAgainstTheTrustedCertificates() throws Exception {
        Map<String, String> settings = new HashMap<>(serverCertificate("enforcing"));
        settings.put("tls.server.need.client.auth", "require");
        settings.put("tls.server.authClient", "true");
        settings.put("tls.server.trustCertPath", certs.caCert().toString());
        start(settings);
        try (LogCapture logs = LogCapture.of("io.namesrv")) {
            // in TLS 1.3 the client finishes its handshake before the server has checked its certificate:
            // the refusal shows on the first request
            SSLSocket anonymous = tls(null, null);
            assertThrows(IOException.class, () -> routeQuery(anonymous, 1), "no client certificate");
            SSLSocket stranger = tls(certs.strangerCert(), certs.strangerKey());
            assertThrows(IOException.class, () -> routeQuery(stranger, 2), "a certificate the CA did not sign");
            await(() -> logs.count(ServerConnectionHandler.class, Level.WARN, "TLS handshake failed") == 2,
                "one WARN per refused handshake");

            SSLSocket client = tls(certs.clientCert(), certs.clientKey());
            assertEquals(ResponseCode.SUCCESS, routeQuery(client, 3).code());
            assertEquals("CN=namesrv test client",
                ((X509Certificate) client.getSession().getLocalCertificates()[0]).getSubjectX500Principal().getName());
        }
    }

    @Test
    void aBrokenHandshakeClosesOnlyItsConnection() throws Exception {
        start(serverCertificate("permissive"));
        SSLSocket served = tls(null, null);
        assertEquals(ResponseCode.SUCCESS, routeQuery(served, 1).code());
        try (LogCapture logs = LogCapture.of("io.namesrv")) {
            Socket broken = plain();
            // a handshake record type, then garbage where the TLS version and length belong
            broken.getOutputStream().write(new byte[] {0x16, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x02, 0x03});
            assertClosedByServer(broken, "a broken handshake closes its connection");
            await(() -> logs.count(ServerConnectionHandler.class, Level.WARN, "TLS handshake failed") == 1,
                "one WARN");
            assertEquals(0, logs.errors().size(), logs.errors().toString());
        }
        assertEquals(ResponseCode.SUCCESS, routeQuery(served, 2).code(), "the connection beside it is still served");
    }

    @Test
    void renewedCertificateFilesAreServedToNewConnections(@TempDir Path live) throws Exception {
        Path cert = Files.copy(certs.serverCert(), live.resolve("server.pem"));
        Path key = Files.copy(certs.serverKey(), live.resolve("server.key"));
        start(Map.of("tls.server.mode", "enforcing", "tls.server.certPath", cert.toString(), "tls.server.keyPath", key.toString()));
        SSLSocket before = tls(null, null);
        assertEquals(ResponseCode.SUCCESS, routeQuery(before, 1).code());
        try (LogCapture logs = LogCapture.of("io.namesrv")) {
            Files.writeString(key, "not a key");
            await(() -> logs.count(ServerTls.class, Level.WARN, "cannot be used, new connections keep the previous certificate") == 1,
                "one WARN for files that do not load");
            assertEquals("CN=127.0.0.1", servedSubject(), "the previous certificate is kept");

            // half a renewal: the new certificate beside the old key is not loaded either
            Files.copy(certs.serverKey(), key, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(certs.renewedServerCert(), cert, StandardCopyOption.REPLACE_EXISTING);
            await(() -> logs.count(ServerTls.class, Level.WARN, "is not the key of the certificate CN=renewed server") == 1,
                "one WARN for a mismatched pair");
            assertEquals("CN=127.0.0.1", servedSubject(), "the previous certificate is kept");

            Files.copy(certs.renewedServerKey(), key, StandardCopyOption.REPLACE_EXISTING);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!servedSubject().equals("CN=renewed server")) {
                assertTrue(System.nanoTime() < deadline, "the renewed certificate is served within 10 s");
                Thread.sleep(100);
            }
        }
        assertEquals(ResponseCode.SUCCESS, routeQuery(before, 2).code(), "a connection made before keeps working");
        assertEquals("CN=127.0.0.1", ((X509Certificate) before.getSession().getPeerCertificates()[0])
            .getSubjectX500Principal().getName());
    }

    /** The subject of the certificate a new TLS connection is served, after a route query on it. */
    private String servedSubject() throws IOException {
        SSLSocket socket = tls(null, null);
        assertEquals(ResponseCode.SUCCESS, routeQuery(socket, 3).code());
        String subject = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        socket.close();
        return subject;
    }

    @Test
    void testModeServesASelfSignedCertificate() throws Exception {
        start(Map.of("tls.server.mode", "enforcing", "tls.test.mode.enable", "true"));
        SSLContext trustingAll = ((JdkSslContext) SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
            .trustManager(InsecureTrustManagerFactory.INSTANCE).build()).context();
        SSLSocket tls = connect(trustingAll);
        assertEquals(ResponseCode.SUCCESS, routeQuery(tls, 1).code());
        assertEquals("CN=namesrv TLS test mode",
            ((X509Certificate) tls.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName());

        SSLSocket verifying = tls(null, null);
        SSLException refused = assertThrows(SSLException.class, verifying::startHandshake,
            "a client that verifies cannot trust it");
        assertTrue(refused.getMessage().contains("certification path"), refused.getMessage());
    }
}
