package io.namesrv.core.spi;

import io.namesrv.core.config.NamesrvConfig;

/**
 * A kind of route store, found with {@link java.util.ServiceLoader} and chosen by the
 * {@code storeType} config key.
 */
public interface RouteStoreProvider {

    /** The value of {@code storeType} that selects this provider. */
    String name();

    /** Whether what {@link RouteStore} acknowledged survives the process being killed. */
    boolean durable();

    RouteStore open(NamesrvConfig config);
}
