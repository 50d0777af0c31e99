package io.namesrv.store.chronicle;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;

import java.nio.file.Path;

/**
 * The store's own config keys (the core does not know them) and the table sizes they make. Chronicle
 * Map files are sized when created; a table's file is resized when the store opens with settings
 * other than those it was made with.
 */
record ChronicleSettings(Path storePath, int expectedTopics, int expectedBrokers, int expectedKvEntries,
                         int averageTopicBytes, int averageKvKeyBytes, int averageKvValueBytes) {
    static final String EXPECTED_TOPICS = "chronicleExpectedTopics";
    static final String EXPECTED_BROKERS = "chronicleExpectedBrokers";
    static final String EXPECTED_KV_ENTRIES = "chronicleExpectedKvEntries";
    static final String AVERAGE_TOPIC_BYTES = "chronicleAverageTopicBytes";
    static final String AVERAGE_KV_KEY_BYTES = "chronicleAverageKvKeyBytes";
    static final String AVERAGE_KV_VALUE_BYTES = "chronicleAverageKvValueBytes";

    /**
     * A large deployment: a million topics on one broker group each (or half a million on two), the
     * topic-queue table then holds 1.1 million entries in a file of 124 MB (made whole when the
     * store is created: Chronicle does not leave it sparse).
     */
    static final int DEFAULT_EXPECTED_TOPICS = 1_000_000;
    /** A large deployment's broker groups (a thousand), in one cluster or many. */
    static final int DEFAULT_EXPECTED_BROKERS = 1_024;

    /** Cluster and broker names and broker addresses ("255.255.255.255:10911" is 21). */
    private static final int NAME_BYTES = 24;
    private static final int ADDRESS_BYTES = 24;
    /** Addresses per broker group in the live table: a master, its slaves, and a replaced address until it expires. */
    private static final int ADDRESSES_PER_BROKER = 4;

    static ChronicleSettings from(NamesrvConfig config) {
        return new ChronicleSettings(Path.of(config.get(NamesrvConfig.STORE_PATH)),
            positive(config, EXPECTED_TOPICS, DEFAULT_EXPECTED_TOPICS),
            positive(config, EXPECTED_BROKERS, DEFAULT_EXPECTED_BROKERS),
            positive(config, EXPECTED_KV_ENTRIES, 10_000),
            positive(config, AVERAGE_TOPIC_BYTES, 48),
            positive(config, AVERAGE_KV_KEY_BYTES, 64),
            positive(config, AVERAGE_KV_VALUE_BYTES, 64));
    }

    TableSpec spec(Table table) {
        String brokers = setting(EXPECTED_BROKERS, expectedBrokers);
        return switch (table) {
            // a cluster's value lists its broker names: one cluster of every broker fits as well as many small ones
            case CLUSTERS ->
                new TableSpec(table, expectedBrokers, NAME_BYTES, 3 + 4 * (NAME_BYTES + 1), brokers, brokers);
            case BROKERS -> new TableSpec(table, expectedBrokers, NAME_BYTES, 112, brokers, brokers);
            // 10% on top, so that a broker's own system topics fit beside the expected user topics
            case TOPIC_QUEUES -> new TableSpec(table, expectedTopics + expectedTopics / 10L,
                1 + averageTopicBytes + NAME_BYTES, 6, setting(EXPECTED_TOPICS, expectedTopics),
                setting(AVERAGE_TOPIC_BYTES, averageTopicBytes) + " or " + setting(EXPECTED_TOPICS, expectedTopics));
            case LIVE -> new TableSpec(table, (long) ADDRESSES_PER_BROKER * expectedBrokers,
                1 + NAME_BYTES + ADDRESS_BYTES, 24 + ADDRESS_BYTES, brokers, brokers);
            case KV_CONFIG -> new TableSpec(table, expectedKvEntries, averageKvKeyBytes, 2 + averageKvValueBytes,
                setting(EXPECTED_KV_ENTRIES, expectedKvEntries),
                setting(AVERAGE_KV_KEY_BYTES, averageKvKeyBytes) + " or "
                    + setting(AVERAGE_KV_VALUE_BYTES, averageKvValueBytes));
        };
    }

    private static String setting(String name, int value) {
        return name + " (now " + value + ")";
    }

    private static int positive(NamesrvConfig config, String name, int defaultValue) {
        String raw = config.raw(name);
        if (raw == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the key's name
        }
        throw new ConfigException(name + " must be a whole number above 0, not '" + raw + "'");
    }
}
