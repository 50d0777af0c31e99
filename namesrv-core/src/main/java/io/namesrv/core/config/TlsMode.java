package io.namesrv.core.config;

/** {@code tls.server.mode}, as Apache RocketMQ's server reads it. */
public enum TlsMode {
    /** Plain connections only: a TLS handshake is a broken frame and closes its connection. */
    DISABLED,
    /** TLS and plain connections on the same port, told apart by their first byte. */
    PERMISSIVE,
    /** TLS connections only: a plain connection is closed before anything is read from it. */
    ENFORCING
}
