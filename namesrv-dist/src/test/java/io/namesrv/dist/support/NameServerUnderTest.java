package io.namesrv.dist.support;

/**
 * The name server the end-to-end tests run against. Implementations start it (usually as a child
 * JVM) and stop it on {@link #close()}; tests only need its address.
 */
public interface NameServerUnderTest extends AutoCloseable {

    /** {@code host:port} for {@code namesrvAddr}, e.g. {@code 127.0.0.1:9876}. */
    String address();

    /** A short human-readable description (implementation, pid, port) for messages. */
    default String describe() {
        return getClass().getSimpleName() + "@" + address();
    }

    /** Stops the name server; never throws a checked exception. */
    @Override
    void close();
}
