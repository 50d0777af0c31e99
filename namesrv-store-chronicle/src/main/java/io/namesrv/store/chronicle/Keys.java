package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.core.spi.TopicBroker;

import java.nio.charset.StandardCharsets;

/**
 * Table keys as bytes. A single name is its UTF-8 bytes; a pair is the length of its first part,
 * the first part and the second part, so no separator character is ever reserved.
 */
final class Keys {
    private Keys() {
    }

    static byte[] name(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    static String name(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    static byte[] topicBroker(TopicBroker key) {
        return pair(key.topic(), key.brokerName());
    }

    static TopicBroker topicBroker(byte[] key) {
        BinaryReader in = new BinaryReader(key);
        return new TopicBroker(in.readString(), in.readRemainingString());
    }

    static byte[] brokerAddr(BrokerAddr key) {
        return pair(key.clusterName(), key.brokerAddr());
    }

    static BrokerAddr brokerAddr(byte[] key) {
        BinaryReader in = new BinaryReader(key);
        return new BrokerAddr(in.readString(), in.readRemainingString());
    }

    static byte[] kv(String namespace, String key) {
        return pair(namespace, key);
    }

    /** The namespace and the key within it. */
    static String[] kv(byte[] key) {
        BinaryReader in = new BinaryReader(key);
        return new String[] {in.readString(), in.readRemainingString()};
    }

    private static byte[] pair(String first, String second) {
        byte[] secondUtf8 = second.getBytes(StandardCharsets.UTF_8);
        return new BinaryWriter(first.length() + secondUtf8.length + 2).writeString(first).writeRaw(secondUtf8)
            .toByteArray();
    }
}
