package io.namesrv.store.chronicle;

import io.namesrv.core.config.NamesrvConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Config for test stores: small tables where size does not matter, so files are quick to make. */
final class TestStores {
    private TestStores() {
    }

    static Map<String, String> config(Path dir) {
        return Map.of(
            NamesrvConfig.STORE_TYPE.name(), ChronicleRouteStoreProvider.NAME,
            NamesrvConfig.STORE_PATH.name(), dir.toString(),
            // the contract suites register 10,001 topics in one change
            ChronicleSettings.EXPECTED_TOPICS, "11000",
            ChronicleSettings.EXPECTED_BROKERS, "16",
            ChronicleSettings.EXPECTED_KV_ENTRIES, "100");
    }

    static Map<String, String> config(Path dir, String key, String value) {
        Map<String, String> config = new HashMap<>(config(dir));
        config.put(key, value);
        return config;
    }

    static NamesrvConfig namesrvConfig(Path dir) {
        return NamesrvConfig.of(config(dir));
    }
}
