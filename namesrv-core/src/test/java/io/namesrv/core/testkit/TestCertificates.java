package io.namesrv.core.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PEM files for TLS tests, made with the machine's {@code openssl} into a directory, as an operator
 * makes them: a CA; a server certificate it signed (for 127.0.0.1 and localhost) with its PKCS#8 key,
 * plain and encrypted with {@link #KEY_PASSWORD}; a renewed server certificate with a key of its own;
 * a client certificate it signed; and a stranger's
 * self-signed client certificate. EC P-256 keys: made in milliseconds, where RSA takes a while.
 */
public final class TestCertificates {
    public static final String KEY_PASSWORD = "namesrv-test-secret";
    private static final long OPENSSL_TIMEOUT_SECONDS = 30;

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates createIn(Path dir) {
        TestCertificates certs = new TestCertificates(dir);
        try {
            Files.createDirectories(dir);
            certs.selfSigned("ca", "/CN=namesrv test CA");
            certs.signed("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost");
            certs.openssl("pkcs8", "-topk8", "-in", "server.key", "-out", "server-encrypted.key",
                "-passout", "pass:" + KEY_PASSWORD);
            certs.signed("renewed-server", "/CN=renewed server", "subjectAltName=IP:127.0.0.1,DNS:localhost");
            certs.signed("client", "/CN=namesrv test client", "extendedKeyUsage=clientAuth");
            certs.selfSigned("stranger", "/CN=stranger");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make test certificates in " + dir, e);
        }
        return certs;
    }

    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    public Path serverCert() {
        return dir.resolve("server.pem");
    }

    public Path serverKey() {
        return dir.resolve("server.key");
    }

    public Path serverEncryptedKey() {
        return dir.resolve("server-encrypted.key");
    }

    public Path renewedServerCert() {
        return dir.resolve("renewed-server.pem");
    }

    public Path renewedServerKey() {
        return dir.resolve("renewed-server.key");
    }

    public Path clientCert() {
        return dir.resolve("client.pem");
    }

    public Path clientKey() {
        return dir.resolve("client.key");
    }

    /** A self-signed client certificate the CA never saw. */
    public Path strangerCert() {
        return dir.resolve("stranger.pem");
    }

    public Path strangerKey() {
        return dir.resolve("stranger.key");
    }

    private void selfSigned(String name, String subject) throws IOException {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", name + ".key", "-out", name + ".pem", "-days", "2", "-subj", subject);
    }

    private void signed(String name, String subject, String extension) throws IOException {
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n", StandardCharsets.US_ASCII);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command + " did not finish in " + OPENSSL_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command, e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(command + " exited with " + process.exitValue() + ": "
                + new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
