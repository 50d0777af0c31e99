package io.namesrv.store.chronicle;

import io.namesrv.api.model.QueueData;
import io.namesrv.core.spi.StoredRoutes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the topic-queue table (a million entries in a large deployment, all read at every start)
 * into topic -> broker name -> queue data with as few objects as that result is made of: the entries
 * are decoded from reused buffers ({@link PersistedTable#forEachRaw}), each broker name is one
 * string shared by all its topics, equal queue data of a broker one object, and a topic served by
 * one broker group maps it with an immutable one-entry map (a {@link HashMap} once a second group
 * serves it). The keys are {@link Keys#topicBroker} pairs, the values {@link Values#queue}.
 */
final class TopicQueueReader {
    private final Map<String, Map<String, QueueData>> topics;
    private final BrokerNames brokers = new BrokerNames();

    private TopicQueueReader(long entries) {
        topics = new HashMap<>((int) Math.min(Integer.MAX_VALUE - 8, entries * 4 / 3 + 16));
    }

    static Map<String, Map<String, QueueData>> read(PersistedTable table) {
        TopicQueueReader reader = new TopicQueueReader(table.size());
        for (int segment = 0; segment < table.segments(); segment++) {
            table.forEachRaw(segment, reader::accept);
        }
        return reader.topics;
    }

    private void accept(byte[] key, int keyLength, byte[] value, int valueLength) {
        // the topic's length (7 bits a byte, lowest first) and UTF-8 bytes, then the broker name's
        long topicLength = 0;
        int position = 0;
        for (int shift = 0; ; shift += 7) {
            if (position >= keyLength || shift > 28) {
                throw new IllegalArgumentException("key ends early or its length runs on, at byte " + position);
            }
            int b = key[position++];
            topicLength |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (topicLength > keyLength - position) {
            throw new IllegalArgumentException("length " + topicLength + " runs past the end of the value");
        }
        int brokerFrom = position + (int) topicLength;
        String topic = new String(key, position, (int) topicLength, StandardCharsets.UTF_8);
        Broker broker = brokers.of(key, brokerFrom, keyLength);
        QueueData queue = broker.queue(value, valueLength);

        StoredRoutes.addQueue(topics, topic, broker.name, queue);
    }

    /** One broker group's name, and the last few distinct queue data read for it. */
    private static final class Broker {
        private static final int REMEMBERED = 4;

        final byte[] utf8;
        final String name;
        private final byte[][] values = new byte[REMEMBERED][];
        private final QueueData[] queues = new QueueData[REMEMBERED];
        private int next;

        Broker(byte[] utf8) {
            this.utf8 = utf8;
            this.name = new String(utf8, StandardCharsets.UTF_8);
        }

        QueueData queue(byte[] value, int length) {
            for (int i = 0; i < REMEMBERED; i++) {
                if (values[i] != null && Arrays.equals(values[i], 0, values[i].length, value, 0, length)) {
                    return queues[i];
                }
            }
            byte[] copy = Arrays.copyOf(value, length);
            QueueData queue = Values.queue(name, copy);
            values[next] = copy;
            queues[next] = queue;
            next = (next + 1) % REMEMBERED;
            return queue;
        }
    }

    /** Broker names by their UTF-8 bytes: open addressing, so that a lookup makes no object. */
    private static final class BrokerNames {
        private Broker[] table = new Broker[256];
        private int size;

        Broker of(byte[] bytes, int from, int to) {
            int hash = hash(bytes, from, to);
            int mask = table.length - 1;
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                Broker broker = table[i];
                if (broker == null) {
                    broker = new Broker(Arrays.copyOfRange(bytes, from, to));
                    table[i] = broker;
                    if (++size * 2 > table.length) {
                        grow();
                    }
                    return broker;
                }
                if (Arrays.equals(broker.utf8, 0, broker.utf8.length, bytes, from, to)) {
                    return broker;
                }
            }
        }

        private void grow() {
            Broker[] old = table;
            table = new Broker[old.length * 2];
            int mask = table.length - 1;
            for (Broker broker : old) {
                if (broker != null) {
                    int i = hash(broker.utf8, 0, broker.utf8.length) & mask;
                    while (table[i] != null) {
                        i = (i + 1) & mask;
                    }
                    table[i] = broker;
                }
            }
        }

        private static int hash(byte[] bytes, int from, int to) {
            int hash = 1;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + bytes[i];
            }
            return hash ^ (hash >>> 16);
        }
    }
}
