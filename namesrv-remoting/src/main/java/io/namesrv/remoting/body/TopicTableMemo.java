package io.namesrv.remoting.body;

import io.namesrv.api.model.TopicConfig;
import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topicConfigTable each broker sent last, decoded, with hashes of its bytes instead of the
 * bytes, so that a re-registration whose table is byte for byte the same is not decoded again, and
 * one that changed a few topics has only those read ({@link TopicTableReader}). A broker re-sends
 * its whole table every 30 s, mostly unchanged (only the data version before it moves): 1.8 MB and
 * 10,000 topics for a big broker, hashed here in a fraction of the time reading them takes.
 * Holding the bytes cost some 165 bytes a topic; the hashes and offsets cost 12.
 *
 * <p>Equal bytes from the same offset mean an equal table: the bytes remembered are one whole JSON
 * object, and where an object ends is decided by its own bytes. Bytes are taken as equal when their
 * length and MurmurHash3 x64 128 are: two tables that differ have the same 128-bit hash by chance
 * with probability 2^-128. An entry is taken on the first 64 bits of its hash: 2^-64 per comparison,
 * under 10^-14 for a registration of 10,000 topics even if each is compared five times, under 10^-5
 * over a billion such registrations. MurmurHash3 is not made against someone who seeks collisions,
 * and needs not be here: a table is only ever compared with one its own broker sent, and a broker
 * that sent a colliding table could as well have sent the table it collides with.
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

    /** Remembers {@code table} as what {@code brokerAddr} sent last. */
    synchronized void remember(String brokerAddr, Table table) {
        if (table.weight() > maxTopics) {
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
     * A decoded table and what recognises its bytes without them: {@code length} bytes whose hash is
     * {@code hash} and CRC-32 {@code crc32} (for the bodyCrc32 of a body that repeats it).
     *
     * @param entries what taking some of its entries again needs, or null if they are laid out so
     *                that they cannot be
     */
    record Table(Map<String, TopicConfig> topics, int length, Hash128 hash, long crc32, Entries entries) {
        Table {
            // wrapped once here, so that every registration that repeats the table hands on the very same values
            topics = Collections.unmodifiableMap(topics);
        }

        /** What it counts for against the memo's bound: its topics, and at least one for the table itself. */
        long weight() {
            return Math.max(1, topics.size());
        }

        /** The hash of as many bytes of {@code body} from {@code offset} on as this table has; null if it has fewer. */
        Hash128 hashIn(byte[] body, int offset) {
            return offset + length > body.length ? null : Murmur3Hash128.of(body, offset, length);
        }

        /** The hash of as many bytes of {@code buffer} from its {@code index} on as this table has; null if it has fewer. */
        Hash128 hashIn(ByteBuf buffer, int index) {
            if (index + length > buffer.writerIndex()) {
                return null;
            }
            Murmur3Hash128 hasher = new Murmur3Hash128();
            for (ByteBuffer part : buffer.nioBuffers(index, length)) {
                hasher.update(part);
            }
            return hasher.finish();
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
    }
}
