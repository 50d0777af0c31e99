package io.namesrv.remoting.body;

import io.namesrv.api.model.TopicConfig;
import io.netty.buffer.ByteBuf;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topicConfigTable each broker sent last, decoded, with hashes of its entries' bytes instead of
 * the bytes, so that a re-registration whose table is byte for byte the same is not decoded again, and
 * one that changed a few topics has only those read ({@link TopicTableReader}). A broker re-sends
 * its whole table every 30 s, mostly unchanged (only the data version before it moves): 1.8 MB and
 * 10,000 topics for a big broker, hashed here in a fraction of the time reading them takes.
 * Holding the bytes cost some 165 bytes a topic; the hashes and offsets cost 12.
 *
 * <p>Only tables laid out as fastjson writes them are remembered (see {@link Entries}): their bytes
 * are their entries' bytes, each followed by ',' or, after the last, by the closing brace, so that
 * bytes where a new table starts that repeat every entry and the byte after it, one after another,
 * repeat the whole table, and the bytes that make an entry are known without reading them as JSON.
 * Bytes are taken as an entry's when their length and the first 64 bits of their MurmurHash3 x64 128
 * are its: 2^-64 per comparison by chance, under 10^-14 for a registration of 10,000 topics even if
 * each is compared five times, under 10^-5 over a billion such registrations. MurmurHash3 is not made
 * against someone who seeks collisions, and needs not be here: a table is only ever compared with
 * one its own broker sent, and a broker that sent a colliding table could as well have sent the table
 * it collides with.
 *
 * <p>The decoded maps are read-only and handed to every registration that repeats them. Bounded in
 * topics held, least recently sent first out; a broker that is gone costs its table until then.
 */
final class TopicTableMemo {
    private final long maxTopics;
    private final LinkedHashMap<String, Table> tables = new LinkedHashMap<>(16, 0.75f, true);
    private long topicsHeld;

    TopicTableMemo(long maxTopics) {
        this.maxTopics = maxTopics;
    }

    /** The table {@code brokerAddr} sent last, or null. */
    synchronized Table last(String brokerAddr) {
        return tables.get(brokerAddr);
    }

    /**
     * Remembers {@code table} as what {@code brokerAddr} sent last; a table without {@link Entries}
     * only makes the memo forget what the broker sent before, as nothing of it could be taken again.
     */
    synchronized void remember(String brokerAddr, Table table) {
        if (table.entries() == null || table.weight() > maxTopics) {
            Table forgotten = tables.remove(brokerAddr);
            topicsHeld -= forgotten == null ? 0 : forgotten.weight();
            return;
        }
        Table replaced = tables.put(brokerAddr, table);
        topicsHeld += table.weight() - (replaced == null ? 0 : replaced.weight());
        for (Iterator<Table> eldest = tables.values().iterator(); topicsHeld > maxTopics; ) {
            topicsHeld -= eldest.next().weight();
            eldest.remove();
        }
    }

    /**
     * A decoded table of {@code length} bytes, its CRC-32 {@code crc32} (for the bodyCrc32 of a body
     * that repeats it), and what recognises its entries without their bytes.
     *
     * @param entries what taking some of its entries again needs, or null if they are laid out so
     *                that they cannot be
     */
    record Table(Map<String, TopicConfig> topics, int length, long crc32, Entries entries) {
        /** How much of a body's table is looked at in one copy out of its read buffers. */
        private static final int WINDOW = 16 * 1024;

        Table {
            // wrapped once here, so that every registration that repeats the table hands on the very same values
            topics = Collections.unmodifiableMap(topics);
        }

        /** What it counts for against the memo's bound: its topics, and at least one for the table itself. */
        long weight() {
            return Math.max(1, topics.size());
        }

        /**
         * How many of its entries, from the first on, {@code body} repeats where a table starting at
         * {@code offset} would hold them: all of them when it repeats the whole table.
         */
        int repeatedEntries(byte[] body, int offset) {
            for (int i = 0; i < entries.count(); i++) {
                int at = offset + entries.start(i);
                if (at + entries.length(i) >= body.length || !entries.repeats(i, body, at)) {
                    return i;
                }
            }
            return entries.count();
        }

        /**
         * As {@link #repeatedEntries(byte[], int)}, for a table starting at {@code index} in a body
         * still in its read buffers: copied out a window at a time, not whole.
         */
        int repeatedEntries(ByteBuf buffer, int index) {
            byte[] window = new byte[WINDOW];
            int windowStart = 0;
            int windowEnd = 0;
            for (int i = 0; i < entries.count(); i++) {
                int at = index + entries.start(i);
                // the entry and the byte after it
                int end = at + entries.length(i) + 1;
                if (end > buffer.writerIndex()) {
                    return i;
                }
                if (at < windowStart || end > windowEnd) {
                    if (end - at > window.length) {
                        window = new byte[end - at];
                    }
                    windowStart = at;
                    windowEnd = Math.min(at + window.length, buffer.writerIndex());
                    buffer.getBytes(at, window, 0, windowEnd - at);
                }
                if (!entries.repeats(i, window, at - windowStart)) {
                    return i;
                }
            }
            return entries.count();
        }

        /** The offset just after this table in a body that repeats it from {@code offset} on. */
        int endIn(int offset) {
            return offset + length;
        }
    }

    /**
     * A table's entries where each value is followed at once by ',' or, for the last one, by the
     * table's closing brace, as fastjson writes them: entry {@code i} is then the bytes from just
     * after the '{' or ',' before it to the end of its value, wherever the table lies. Held: the
     * topic configs in the order written (duplicates included), where each entry's value ends
     * (offsets in the table), the first 64 bits of the MurmurHash3 x64 128 of its bytes, and its
     * topic name's hash code (the array the table's {@link TopicConfigMap} holds too, unless a name
     * repeats).
     */
    record Entries(TopicConfig[] configs, int[] valueEnds, long[] hashes, int[] nameHashes) {
        int count() {
            return configs.length;
        }

        /** Where entry {@code i} starts, as an offset in the table. */
        int start(int i) {
            return i == 0 ? 1 : valueEnds[i - 1] + 1;
        }

        int length(int i) {
            return valueEnds[i] - start(i);
        }

        /**
         * Whether {@code bytes} from {@code at} on are entry {@code i}'s, followed by what follows it in
         * its table: ',' or, after the last entry, the closing brace. The caller makes sure that those
         * bytes are there.
         */
        boolean repeats(int i, byte[] bytes, int at) {
            int length = length(i);
            return bytes[at + length] == (i == count() - 1 ? '}' : ',')
                && Murmur3Hash128.low64(bytes, at, length) == hashes[i];
        }
    }
}
