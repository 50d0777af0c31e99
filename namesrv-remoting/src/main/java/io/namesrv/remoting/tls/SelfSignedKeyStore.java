package io.namesrv.remoting.tls;

import io.namesrv.core.config.ConfigException;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The key and self-signed certificate of {@code tls.test.mode.enable}, made by the JDK's own
 * {@code keytool}: Netty's SelfSignedCertificate needs BouncyCastle on Java 17, a dependency this
 * server does not carry for a test feature.
 */
final class SelfSignedKeyStore {
    static final String SUBJECT = "CN=namesrv TLS test mode";
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private SelfSignedKeyStore() {
    }

    static KeyManagerFactory generate() {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        char[] password = HexFormat.of().formatHex(secret).toCharArray();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("namesrv-tls-test-mode");
            Path file = dir.resolve("self-signed.p12");
            // A JVM that starts quickly, for a few milliseconds of work; and a file read back at once and
            // deleted, so no key stretching: 10,000 PBKDF2 rounds cost seconds in a JVM that just started.
            ProcessBuilder command = new ProcessBuilder(List.of(keytool.toString(),
                "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Dkeystore.pkcs12.keyPbeIterationCount=1",
                "-J-Dkeystore.pkcs12.certProtectionAlgorithm=NONE", "-J-Dkeystore.pkcs12.macAlgorithm=NONE",
                "-genkeypair", "-noprompt",
                "-alias", "namesrv", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "365", "-dname", SUBJECT,
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass:env", "NAMESRV_TLS_TEST_PASSWORD")).redirectErrorStream(true);
            // in the environment, not on the command line other users' ps can read
            command.environment().put("NAMESRV_TLS_TEST_PASSWORD", new String(password));
            run(command);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("tls.test.mode.enable: cannot make the self-signed certificate with " + keytool + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("tls.test.mode.enable: interrupted making the self-signed certificate");
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void run(ProcessBuilder command) throws IOException, InterruptedException {
        Process process = command.start();
        process.getOutputStream().close();
        if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish in " + KEYTOOL_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw new IOException("keytool exited with " + process.exitValue() + ": " + output);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary directory left behind holds a throw-away test key
        }
    }
}
