package io.namesrv.core.spi;

import io.namesrv.core.config.ConfigException;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds route store providers on the class path. */
public final class RouteStores {
    private RouteStores() {
    }

    public static List<RouteStoreProvider> available(ClassLoader classLoader) {
        return ServiceLoader.load(RouteStoreProvider.class, classLoader).stream()
            .map(ServiceLoader.Provider::get)
            .toList();
    }

    public static RouteStoreProvider byName(String storeType, ClassLoader classLoader) {
        List<RouteStoreProvider> providers = available(classLoader);
        return providers.stream()
            .filter(p -> p.name().equals(storeType))
            .findFirst()
            .orElseThrow(() -> new ConfigException("unknown storeType '" + storeType + "'; available stores: "
                + (providers.isEmpty() ? "none (no store module on the class path)"
                : providers.stream().map(RouteStoreProvider::name).sorted().collect(Collectors.joining(", ")))));
    }
}
