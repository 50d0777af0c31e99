package io.namesrv.remoting.body;

import io.namesrv.api.model.TopicConfig;
import io.netty.buffer.ByteBuf;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The topicConfigTable each broker sent last, as bytes and as decoded, so that a re-registration
 * whose table is byte for byte the same is not decoded again, and one that changed a few topics
 * has only those read ({@link TopicTableReader}). A broker re-sends its whole table
 * every 30 s, mostly unchanged (only the data version before it moves): 1.8 MB and 10,000 topics
 * for a big broker, compared here in a fraction of the time reading them takes.
 *
 * <p>Equal bytes from the same offset mean an equal table: the bytes remembered are one whole JSON
 * object, and where an object ends is decided by its own bytes. The decoded maps are read-only and
 * handed to every registration that repeats them. Bounded in bytes held, least recently sent first
 * out; a broker that is gone costs its table until then.
 */
final class TopicTableMemo {
    private final long maxBytes;
    private final LinkedHashMap<String, Table> tables = new LinkedHashMap<>(16, 0.75f, true);
    private long bytesHeld;

    TopicTableMemo(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The table {@code brokerAddr} sent last, or null. */
    synchronized Table last(String brokerAddr) {
        return tables.get(brokerAddr);
    }

    /**
     * Remembers {@code table} as what {@code brokerAddr} sent last. Its body array is held, not
     * copied: nobody writes a request's body after it is decoded.
     */
    synchronized void remember(String brokerAddr, Table table) {
        if (table.length() > maxBytes) {
            return;
        }
        Table replaced = tables.put(brokerAddr, table);
        bytesHeld += table.length() - (replaced == null ? 0 : replaced.length());
        for (Iterator<Table> eldest = tables.values().iterator(); bytesHeld > maxBytes; ) {
            bytesHeld -= eldest.next().length();
            eldest.remove();
        }
    }

    /**
     * A decoded table and the bytes it was decoded from, held in the request body they came in:
     * {@code body[from, to)} is the object, {@code entries} its topic configs in the order written
     * (duplicates included), {@code valueEnds} the offset just after each one's value, and
     * {@code crc32} the CRC-32 of the object's bytes, for the bodyCrc32 of a body that repeats it.
     */
    record Table(byte[] body, int from, int to, Map<String, TopicConfig> topics, TopicConfig[] entries,
                 int[] valueEnds, long crc32) {
        Table {
            topics = Collections.unmodifiableMap(topics);
        }

        int entryCount() {
            return entries.length;
        }

        /** Where entry {@code i}'s name begins, in a {@linkplain #resumable() resumable} table. */
        int entryStart(int i) {
            return i == 0 ? from + 1 : valueEnds[i - 1] + 1;
        }

        /**
         * Whether the entries follow each other without whitespace, as fastjson writes them, so that
         * each one starts one byte after the value before it: only then is a new table compared with
         * this one entry by entry.
         */
        boolean resumable() {
            if (entries.length == 0 || body[from + 1] != '"' || valueEnds[entries.length - 1] != to - 1) {
                return false;
            }
            for (int i = 0; i < entries.length - 1; i++) {
                if (body[valueEnds[i]] != ',' || body[valueEnds[i] + 1] != '"') {
                    return false;
                }
            }
            return true;
        }

        int length() {
            return to - from;
        }

        /** The offset just after this table in a body that repeats it. */
        int endIn(int offset) {
            return offset + length();
        }

        boolean sameBytesIn(byte[] other, int offset) {
            return offset + length() <= other.length
                && Arrays.equals(body, from, to, other, offset, offset + length());
        }

        /** Whether {@code buffer} holds this table's bytes from its {@code index} on. */
        boolean sameBytesIn(ByteBuf buffer, int index) {
            if (index + length() > buffer.writerIndex()) {
                return false;
            }
            int offset = from;
            for (ByteBuffer part : buffer.nioBuffers(index, length())) {
                int partLength = part.remaining();
                if (part.mismatch(ByteBuffer.wrap(body, offset, partLength)) != -1) {
                    return false;
                }
                offset += partLength;
            }
            return true;
        }
    }
}
