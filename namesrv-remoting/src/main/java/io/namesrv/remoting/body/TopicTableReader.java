package io.namesrv.remoting.body;

import io.namesrv.api.model.Perm;
import io.namesrv.api.model.TopicConfig;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads a topicConfigTable object entry by entry. Given the table the same broker sent before, it
 * reads only the entries whose bytes changed: the entries before the first differing byte are the
 * ones decoded then, and once the rest of the new table is byte for byte the rest of the old one
 * from some entry on, those entries are too. A broker that adds, changes or removes a topic re-sends
 * 10,000 unchanged ones; they are compared, not decoded.
 *
 * <p>Both rules take an entry only where the bytes that decide it are equal, and JSON decides an
 * entry by its own bytes and the state before it (here: inside the table, after a value), so the
 * table read is what a full decode of the bytes gives. Guessing where the old table resumes (the
 * same topic at the next place, or one of the next few after a removal) only decides what is compared.
 */
final class TopicTableReader {
    /** Old entries a resumption may skip: topics removed at one place. */
    private static final int MAX_REMOVED_IN_A_ROW = 4;
    private static final byte[] TOPIC_NAME = JsonBytesReader.ascii("topicName");
    private static final byte[] READ_QUEUE_NUMS = JsonBytesReader.ascii("readQueueNums");
    private static final byte[] WRITE_QUEUE_NUMS = JsonBytesReader.ascii("writeQueueNums");
    private static final byte[] PERM = JsonBytesReader.ascii("perm");
    private static final byte[] TOPIC_SYS_FLAG = JsonBytesReader.ascii("topicSysFlag");
    private static final byte[] ORDER = JsonBytesReader.ascii("order");

    private final JsonBytesReader reader;
    private final byte[] body;
    private final int from;
    private final TopicTableMemo.Table previous;
    private TopicConfig[] entries;
    private int[] valueEnds;
    private int count;
    /** Set by {@link #take} when what it took ends the table: the reader is then after the table. */
    private boolean atTableEnd;

    private TopicTableReader(JsonBytesReader reader, TopicTableMemo.Table previous) {
        this.reader = reader;
        this.body = reader.bytes();
        this.from = reader.position();
        this.previous = previous != null && previous.resumable() ? previous : null;
        // sized from the body (a topic config takes about 170 bytes)
        int expected = Math.max(16, Math.min(body.length - from, 1 << 26) / 128);
        this.entries = new TopicConfig[expected];
        this.valueEnds = new int[expected];
    }

    /**
     * Reads the table object the reader is at (after whitespace) and leaves the reader after it.
     *
     * @param previous the table the same broker sent last, or null
     */
    static TopicTableMemo.Table read(JsonBytesReader reader, TopicTableMemo.Table previous) {
        return new TopicTableReader(reader, previous).read();
    }

    private TopicTableMemo.Table read() {
        boolean first = true;
        int nextOld = 0;
        if (previous != null) {
            int equal = repeatedLength(previous.from(), from);
            nextOld = take(0, previous.from(), from, equal);
            if (atTableEnd) {
                return table(reader.position());
            }
            first = nextOld == 0;
        }
        if (first) {
            reader.beginObject();
        }
        for (; reader.nextField(first); first = false) {
            TopicConfig config = topicConfig(reader);
            add(config, reader.position());
            if (previous != null && nextOld < previous.entryCount()) {
                if (previous.entries()[nextOld].topicName().equals(config.topicName())) {
                    nextOld++;
                }
                nextOld = resume(nextOld);
                if (atTableEnd) {
                    break;
                }
            }
        }
        return table(reader.position());
    }

    /**
     * After the entry just read: where the new table goes on as the old one does from entry
     * {@code nextOld} on (or from one of the next few, after removed topics), takes the entries
     * it repeats and leaves the reader after them.
     *
     * @return the old entry to compare with next
     */
    private int resume(int nextOld) {
        atTableEnd = false;
        int here = reader.position();
        if (here >= body.length || body[here] != ',') {
            return nextOld;
        }
        int newStart = here + 1;
        int best = -1;
        int bestEqual = 0;
        for (int old = nextOld; old <= Math.min(previous.entryCount() - 1, nextOld + MAX_REMOVED_IN_A_ROW); old++) {
            int equal = repeatedLength(previous.entryStart(old), newStart);
            if (equal > bestEqual) {
                best = old;
                bestEqual = equal;
            }
        }
        if (best < 0) {
            return nextOld;
        }
        int taken = take(best, previous.entryStart(best), newStart, bestEqual);
        return taken == 0 ? nextOld : best + taken;
    }

    /** How many bytes from {@code newStart} on repeat the old table's from {@code oldStart} to its end. */
    private int repeatedLength(int oldStart, int newStart) {
        int length = previous.to() - oldStart;
        int mismatch = Arrays.mismatch(previous.body(), oldStart, previous.to(), body, newStart,
            Math.min(body.length, newStart + length));
        return mismatch < 0 ? length : mismatch;
    }

    /**
     * Takes the old entries from {@code old} on that lie wholly in the {@code equal} repeated bytes
     * (old offsets from {@code oldStart}, new from {@code newStart}); the reader is left after the
     * last one taken, or after the table when the repetition reaches its end.
     *
     * @return how many were taken
     */
    private int take(int old, int oldStart, int newStart, int equal) {
        int shift = newStart - oldStart;
        int taken = 0;
        while (old + taken < previous.entryCount() && previous.valueEnds()[old + taken] - oldStart <= equal) {
            add(previous.entries()[old + taken], previous.valueEnds()[old + taken] + shift);
            taken++;
        }
        atTableEnd = reachedEnd(oldStart, equal);
        if (atTableEnd) {
            reader.reset(previous.to() + shift);
        } else if (taken > 0) {
            reader.reset(valueEnds[count - 1]);
        }
        return taken;
    }

    /** Whether the repetition from {@code oldStart} covers the old table to its closing brace. */
    private boolean reachedEnd(int oldStart, int equal) {
        return equal == previous.to() - oldStart;
    }

    private void add(TopicConfig config, int valueEnd) {
        if (count == entries.length) {
            entries = Arrays.copyOf(entries, count * 2);
            valueEnds = Arrays.copyOf(valueEnds, count * 2);
        }
        entries[count] = config;
        valueEnds[count] = valueEnd;
        count++;
    }

    private TopicTableMemo.Table table(int to) {
        Map<String, TopicConfig> topics = new LinkedHashMap<>(Math.max(16, count * 4 / 3 + 1));
        for (int i = 0; i < count; i++) {
            topics.put(entries[i].topicName(), entries[i]);
        }
        CRC32 crc = new CRC32();
        crc.update(body, from, to - from);
        return new TopicTableMemo.Table(body, from, to, topics, Arrays.copyOf(entries, count), Arrays.copyOf(valueEnds, count),
            crc.getValue());
    }

    /** One TopicConfig object; fields it does not need are skipped. */
    private static TopicConfig topicConfig(JsonBytesReader reader) {
        int start = reader.position();
        TopicConfig config = FastjsonTopicConfigLayout.read(reader);
        if (config != null) {
            return config;
        }
        reader.reset(start);
        if (reader.peek() != '{') {
            throw new BodyFormatException("a topic config is not a JSON object");
        }
        reader.beginObject();
        String name = null;
        int readQueueNums = 16;
        int writeQueueNums = 16;
        int perm = Perm.READ | Perm.WRITE;
        int topicSysFlag = 0;
        boolean order = false;
        for (boolean first = true; reader.nextField(first); first = false) {
            if (reader.nameIs(TOPIC_NAME)) {
                name = reader.stringValue();
            } else if (reader.nameIs(READ_QUEUE_NUMS)) {
                readQueueNums = reader.intValue(16);
            } else if (reader.nameIs(WRITE_QUEUE_NUMS)) {
                writeQueueNums = reader.intValue(16);
            } else if (reader.nameIs(PERM)) {
                perm = reader.intValue(Perm.READ | Perm.WRITE);
            } else if (reader.nameIs(TOPIC_SYS_FLAG)) {
                topicSysFlag = reader.intValue(0);
            } else if (reader.nameIs(ORDER)) {
                order = reader.booleanValue(false);
            } else {
                reader.skipValue();
            }
        }
        if (name == null) {
            throw new BodyFormatException("a topic config has no topicName");
        }
        return new TopicConfig(name, readQueueNums, writeQueueNums, perm, topicSysFlag, order);
    }
}
