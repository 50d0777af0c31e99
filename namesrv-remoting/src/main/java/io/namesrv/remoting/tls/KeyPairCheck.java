package io.namesrv.remoting.tls;

import io.namesrv.core.config.ConfigException;
import io.netty.handler.ssl.SslContext;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * Whether a private key belongs to its certificate: Netty builds a context from any two files, and a
 * mismatched pair, say half of a renewal, fails every handshake later, with an alert that names
 * nothing. Signs a few bytes with the key and verifies them with the certificate's public key.
 * Extends SslContext only to reach its protected PEM readers, the ones the context itself uses; it
 * is never instantiated.
 */
abstract class KeyPairCheck extends SslContext {
    private static final byte[] PROBE = "namesrv key pair check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairCheck() {
    }

    static void requireMatch(File certFile, File keyFile, String password) {
        try {
            PrivateKey read = toPrivateKey(keyFile, password);
            // Netty reads with BouncyCastle when it is on the classpath: its "ECDSA" key, which the JDK's
            // signatures refuse, is made a JDK key again
            String type = read.getAlgorithm().equals("ECDSA") ? "EC" : read.getAlgorithm();
            PrivateKey key = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(read.getEncoded()));
            X509Certificate cert = toX509Certificates(certFile)[0];
            String algorithm = switch (type) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "DSA" -> "SHA256withDSA";
                default -> type;
            };
            Signature signature = Signature.getInstance(algorithm);
            signature.initSign(key);
            signature.update(PROBE);
            byte[] signed = signature.sign();
            signature.initVerify(cert.getPublicKey());
            signature.update(PROBE);
            if (!signature.verify(signed)) {
                throw new ConfigException("tls.server.keyPath " + keyFile + " is not the key of the certificate "
                    + cert.getSubjectX500Principal().getName() + " in tls.server.certPath " + certFile);
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("cannot check that tls.server.keyPath " + keyFile + " is the key of tls.server.certPath "
                + certFile + ": " + e);
        }
    }
}
