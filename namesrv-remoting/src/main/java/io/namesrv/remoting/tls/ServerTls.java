package io.namesrv.remoting.tls;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.config.TlsMode;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * TLS on the remoting port as {@code tls.server.mode} says. The certificate is loaded when this is
 * made, at start-up, so a bad key or a missing file stops the server before it listens. Once
 * started, the files are watched, as Apache's name server watches them: renewed files are loaded
 * for the connections that come after, and files that do not load leave the previous certificate
 * in use, with a WARN.
 */
public final class ServerTls implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
    private static final long WATCH_INTERVAL_MILLIS = 1_000;

    private final TlsMode mode;
    private final NamesrvConfig config;
    private volatile SslContext context;
    private ScheduledExecutorService watcher;

    private ServerTls(TlsMode mode, NamesrvConfig config, SslContext context) {
        this.mode = mode;
        this.config = config;
        this.context = context;
    }

    /** @throws ConfigException naming the key to fix */
    public static ServerTls from(NamesrvConfig config) {
        TlsMode mode = config.get(NamesrvConfig.TLS_SERVER_MODE);
        if (mode == TlsMode.DISABLED) {
            return new ServerTls(mode, config, null);
        }
        ServerCertificate certificate = ServerCertificate.from(config);
        log.info("TLS {} ({}), JDK provider: {}", mode.name().toLowerCase(Locale.ROOT),
            mode == TlsMode.ENFORCING ? "plain connections are refused" : "TLS and plain connections on one port",
            certificate.source());
        return new ServerTls(mode, config, certificate.context());
    }

    public TlsMode mode() {
        return mode;
    }

    /** Puts the TLS detection first in a new connection's pipeline, before the frame decoder; nothing when disabled. */
    public void install(ChannelPipeline pipeline) {
        if (mode != TlsMode.DISABLED) {
            pipeline.addFirst("tls-mode", new TlsModeDetector(mode, context));
        }
    }

    /** Starts watching the certificate files; test mode's certificate has none. */
    public synchronized void watchFiles() {
        if (mode == TlsMode.DISABLED || config.get(NamesrvConfig.TLS_TEST_MODE_ENABLE) || watcher != null) {
            return;
        }
        CertificateFiles files = new CertificateFiles(config);
        watcher = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("namesrv-tls-watch", true));
        watcher.scheduleWithFixedDelay(() -> reloadIfChanged(files), WATCH_INTERVAL_MILLIS, WATCH_INTERVAL_MILLIS,
            TimeUnit.MILLISECONDS);
    }

    private void reloadIfChanged(CertificateFiles files) {
        if (!files.changedAndSettled()) {
            return;
        }
        try {
            ServerCertificate certificate = ServerCertificate.from(config);
            context = certificate.context();
            log.info("TLS certificate files changed: new connections get {}", certificate.source());
        } catch (ConfigException | IllegalArgumentException e) {
            log.warn("TLS certificate files {} changed but cannot be used, new connections keep the previous certificate: {}",
                files.paths(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }
}
