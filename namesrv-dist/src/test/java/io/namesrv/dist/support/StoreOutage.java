package io.namesrv.dist.support;

import java.util.Map;

/** A store taken away from a running name server and given back, as an operator meets it. */
public interface StoreOutage extends AutoCloseable {
    /** The store keys of the server that lives through the outage. */
    Map<String, String> serverConfig();

    /** The store keys of a fresh server on the same data, the outage over. */
    Map<String, String> freshConfig();

    /**
     * Whether the store's writes fail during the outage. A chronicle store's files are allocated
     * whole when they are made, so a full disk does not stop it.
     */
    boolean stopsWrites();

    void begin() throws Exception;

    void end() throws Exception;
}
