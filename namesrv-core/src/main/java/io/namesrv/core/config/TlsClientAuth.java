package io.namesrv.core.config;

/** {@code tls.server.need.client.auth}: whether a TLS client must present a certificate. */
public enum TlsClientAuth {
    NONE,
    /** Asked for; a client without one is served. */
    OPTIONAL,
    /** A client without a certificate fails the handshake. */
    REQUIRE
}
