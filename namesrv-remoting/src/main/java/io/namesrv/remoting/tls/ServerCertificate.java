package io.namesrv.remoting.tls;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.ConfigKey;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.config.TlsClientAuth;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The server's SSL context from the {@code tls.*} keys, built the way Apache's {@code TlsHelper}
 * builds it: test mode's self-signed certificate with client certificates optional, or the PEM
 * certificate chain and PKCS#8 key, with client certificates as {@code tls.server.need.client.auth}
 * says, verified only when {@code tls.server.authClient}. Unlike Apache, which logs an error and
 * then serves without TLS, anything wrong is a {@link ConfigException} here: at start-up the server
 * does not start, at a reload the previous certificate stays.
 *
 * @param source where the certificate came from, for the start-up log
 */
record ServerCertificate(SslContext context, String source) {

    static ServerCertificate from(NamesrvConfig config) {
        SslContextBuilder builder;
        String source;
        if (config.get(NamesrvConfig.TLS_TEST_MODE_ENABLE)) {
            builder = SslContextBuilder.forServer(SelfSignedKeyStore.generate()).clientAuth(ClientAuth.OPTIONAL);
            source = "a self-signed certificate made at start-up (" + SelfSignedKeyStore.SUBJECT
                + ", tls.test.mode.enable=true: for tests, clients cannot verify it)";
        } else {
            builder = fromFiles(config);
            source = describeFiles(config);
        }
        builder.sslProvider(SslProvider.JDK);
        String ciphers = config.get(NamesrvConfig.TLS_CIPHERS);
        if (!ciphers.isBlank()) {
            builder.ciphers(Arrays.stream(ciphers.split(",")).map(String::trim).toList());
        }
        String protocols = config.get(NamesrvConfig.TLS_PROTOCOLS);
        if (!protocols.isBlank()) {
            builder.protocols(Arrays.stream(protocols.split(",")).map(String::trim).toArray(String[]::new));
        }
        SslContext context;
        try {
            context = builder.build();
            // a cipher suite or protocol the JDK does not have is refused here, not at the first handshake
            SSLEngine probe = context.newEngine(ByteBufAllocator.DEFAULT);
            probe.closeOutbound();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException("cannot set up TLS (tls.ciphers '" + ciphers + "', tls.protocols '" + protocols
                + "'): " + e.getMessage());
        }
        return new ServerCertificate(context, source);
    }

    private static SslContextBuilder fromFiles(NamesrvConfig config) {
        if (config.get(NamesrvConfig.TLS_SERVER_CERT_PATH).isBlank() || config.get(NamesrvConfig.TLS_SERVER_KEY_PATH).isBlank()) {
            throw new ConfigException("tls.server.mode=" + config.get(NamesrvConfig.TLS_SERVER_MODE).name().toLowerCase(Locale.ROOT)
                + " needs tls.server.certPath (PEM certificate chain) and tls.server.keyPath (PKCS#8 PEM key), "
                + "or tls.test.mode.enable=true for a self-signed certificate");
        }
        File cert = readable(config, NamesrvConfig.TLS_SERVER_CERT_PATH);
        File key = readable(config, NamesrvConfig.TLS_SERVER_KEY_PATH);
        String password = config.get(NamesrvConfig.TLS_SERVER_KEY_PASSWORD);
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(cert, key, password.isEmpty() ? null : password);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("cannot read the TLS certificate " + cert + " or key " + key + ": " + reasons(e)
                + " (the key must be PKCS#8 PEM, 'BEGIN PRIVATE KEY' or 'BEGIN ENCRYPTED PRIVATE KEY' with "
                + "tls.server.keyPassword; openssl pkcs8 -topk8 converts others)");
        }
        KeyPairCheck.requireMatch(cert, key, password.isEmpty() ? null : password);
        builder.clientAuth(ClientAuth.valueOf(config.get(NamesrvConfig.TLS_SERVER_NEED_CLIENT_AUTH).name()));
        if (!config.get(NamesrvConfig.TLS_SERVER_AUTH_CLIENT)) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else if (!config.get(NamesrvConfig.TLS_SERVER_TRUST_CERT_PATH).isBlank()) {
            File trust = readable(config, NamesrvConfig.TLS_SERVER_TRUST_CERT_PATH);
            try {
                builder.trustManager(trust);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("cannot read the trusted certificates " + trust + " (tls.server.trustCertPath): "
                    + reasons(e));
            }
        }
        return builder;
    }

    private static String describeFiles(NamesrvConfig config) {
        TlsClientAuth clientAuth = config.get(NamesrvConfig.TLS_SERVER_NEED_CLIENT_AUTH);
        String clients;
        if (clientAuth == TlsClientAuth.NONE) {
            clients = "client certificates not asked for";
        } else if (!config.get(NamesrvConfig.TLS_SERVER_AUTH_CLIENT)) {
            clients = "client certificates " + clientAuth.name().toLowerCase(Locale.ROOT) + " but NOT verified (tls.server.authClient=false)";
        } else {
            String trust = config.get(NamesrvConfig.TLS_SERVER_TRUST_CERT_PATH);
            clients = "client certificates " + clientAuth.name().toLowerCase(Locale.ROOT) + ", verified against "
                + (trust.isBlank() ? "the JDK's trusted certificates" : trust);
        }
        return "certificate " + config.get(NamesrvConfig.TLS_SERVER_CERT_PATH) + ", key "
            + config.get(NamesrvConfig.TLS_SERVER_KEY_PATH) + ", " + clients;
    }

    private static File readable(NamesrvConfig config, ConfigKey<String> key) {
        Path path = Path.of(config.get(key));
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(key.name() + " " + path + ": no such readable file");
        }
        return path.toFile();
    }

    /** Netty's message names the file only; the reason (a wrong password, a PKCS#1 key) is in the causes. */
    private static String reasons(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        }
        return text.toString();
    }
}
