package io.namesrv.remoting.tls;

import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.config.TlsMode;
import io.netty.channel.ChannelPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * TLS on the remoting port as {@code tls.server.mode} says. The certificate is loaded when this is
 * made, at start-up, so a bad key or a missing file stops the server before it listens.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final TlsMode mode;
    private final ServerCertificate certificate;

    private ServerTls(TlsMode mode, ServerCertificate certificate) {
        this.mode = mode;
        this.certificate = certificate;
    }

    /** @throws io.namesrv.core.config.ConfigException naming the key to fix */
    public static ServerTls from(NamesrvConfig config) {
        TlsMode mode = config.get(NamesrvConfig.TLS_SERVER_MODE);
        if (mode == TlsMode.DISABLED) {
            return new ServerTls(mode, null);
        }
        ServerCertificate certificate = ServerCertificate.from(config);
        log.info("TLS {} ({}), JDK provider: {}", mode.name().toLowerCase(Locale.ROOT),
            mode == TlsMode.ENFORCING ? "plain connections are refused" : "TLS and plain connections on one port",
            certificate.source());
        return new ServerTls(mode, certificate);
    }

    public TlsMode mode() {
        return mode;
    }

    /** Puts the TLS detection first in a new connection's pipeline, before the frame decoder; nothing when disabled. */
    public void install(ChannelPipeline pipeline) {
        if (mode != TlsMode.DISABLED) {
            pipeline.addFirst("tls-mode", new TlsModeDetector(mode, certificate.context()));
        }
    }
}
