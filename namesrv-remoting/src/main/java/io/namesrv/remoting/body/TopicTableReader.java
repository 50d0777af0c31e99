package io.namesrv.remoting.body;

import io.namesrv.api.model.Perm;
import io.namesrv.api.model.TopicConfig;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads a topicConfigTable object entry by entry. Given the table the same broker sent before, it
 * reads only the entries whose bytes changed: the entries from the table's start that repeat the
 * old table's first ones are the ones decoded then, and where, after an entry read, the next
 * entries repeat the old table's from some entry on, those are too. A broker that adds, changes or
 * removes a topic re-sends 10,000 unchanged ones; they are hashed, not decoded.
 *
 * <p>An old entry is taken only where the new bytes are its bytes (by their hash, see
 * {@link TopicTableMemo}), right after the '{' or ',' that ends what is before it, where the old one
 * was too; JSON decides an entry by its own bytes and that state, so the table read is what a full
 * decode of the bytes gives. Guessing where the old table resumes (the same topic at the next place,
 * or one of the next few after a removal) only decides what is compared.
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
    /** The entries of the table the same broker sent last, or null. */
    private final TopicTableMemo.Entries previous;
    /** How many of the previous table's entries, from the first on, are known to start this table. */
    private final int knownRepeats;
    private TopicConfig[] entries;
    /** Where each entry's value ends, as an offset in the body. */
    private int[] valueEnds;
    private long[] entryHashes;
    /** Each entry's topic name's hash code: an old entry's is taken with it, so its config and name are not read. */
    private int[] nameHashes;
    private int count;

    private TopicTableReader(JsonBytesReader reader, TopicTableMemo.Table previous, int knownRepeats) {
        this.reader = reader;
        this.body = reader.bytes();
        this.from = reader.position();
        this.previous = previous == null ? null : previous.entries();
        this.knownRepeats = knownRepeats;
        // sized from the body (a topic config takes about 170 bytes)
        int expected = Math.max(16, Math.min(body.length - from, 1 << 26) / 128);
        this.entries = new TopicConfig[expected];
        this.valueEnds = new int[expected];
        this.entryHashes = new long[expected];
        this.nameHashes = new int[expected];
    }

    /**
     * Reads the table object the reader is at (after whitespace) and leaves the reader after it.
     *
     * @param previous     the table the same broker sent last, or null
     * @param knownRepeats how many of {@code previous}'s entries, from the first on, the bytes from the
     *                     reader's position on are known to repeat (see {@link TopicTableMemo.Table#repeatedEntries}),
     *                     fewer than all of them
     */
    static TopicTableMemo.Table read(JsonBytesReader reader, TopicTableMemo.Table previous, int knownRepeats) {
        return new TopicTableReader(reader, previous, knownRepeats).read();
    }

    private TopicTableMemo.Table read() {
        reader.beginObject();
        int nextOld = previous == null ? 0 : resume(takeKnownRepeats(), count == 0 ? from + 1 : valueEnds[count - 1] + 1);
        for (boolean first = count == 0; reader.nextField(first); first = false) {
            TopicConfig config = topicConfig(reader);
            int start = count == 0 ? from + 1 : valueEnds[count - 1] + 1;
            int valueEnd = reader.position();
            add(config, valueEnd, entryHash(start, valueEnd), config.topicName().hashCode());
            if (previous != null && nextOld < previous.count()) {
                if (previous.configs()[nextOld].topicName().equals(config.topicName())) {
                    nextOld++;
                }
                if (valueEnd < body.length && body[valueEnd] == ',') {
                    nextOld = resume(nextOld, valueEnd + 1);
                }
            }
        }
        return table(reader.position());
    }

    /**
     * Takes the old entries known to start the table, without hashing them again, and leaves the
     * reader after the last one.
     *
     * @return the old entry to compare with next
     */
    private int takeKnownRepeats() {
        for (int old = 0; old < knownRepeats; old++) {
            add(previous.configs()[old], from + previous.valueEnds()[old], previous.hashes()[old], previous.nameHashes()[old]);
        }
        if (count > 0) {
            reader.reset(valueEnds[count - 1]);
        }
        return knownRepeats;
    }

    /**
     * Where the entries from {@code start} on go on as the old table does from entry {@code nextOld}
     * on, or from one of the next few (after removed topics), takes the entries they repeat, run
     * after run, and leaves the reader after the last one taken.
     *
     * @return the old entry to compare with next
     */
    private int resume(int nextOld, int start) {
        int old = nextOld;
        int at = start;
        while (old < previous.count() && old <= nextOld + MAX_REMOVED_IN_A_ROW) {
            int after = takeRepeated(old, at);
            if (after == old) {
                old++;
                continue;
            }
            nextOld = after;
            old = after + 1; // the run stopped because entry after did not repeat here
            int end = valueEnds[count - 1];
            if (end == body.length || body[end] != ',') {
                break;
            }
            at = end + 1;
        }
        return nextOld;
    }

    /**
     * Takes old entries from {@code old} on, one after another, for as long as the bytes from
     * {@code start} on repeat them; leaves the reader after the last one taken.
     *
     * @return the old entry after the last one taken
     */
    private int takeRepeated(int old, int start) {
        int taken = old;
        for (int at = start; taken < previous.count() && repeats(taken, at); taken++) {
            int valueEnd = at + previous.length(taken);
            add(previous.configs()[taken], valueEnd, previous.hashes()[taken], previous.nameHashes()[taken]);
            if (valueEnd == body.length || body[valueEnd] != ',') {
                taken++;
                break;
            }
            at = valueEnd + 1;
        }
        if (taken > old) {
            reader.reset(valueEnds[count - 1]);
        }
        return taken;
    }

    /**
     * Whether the bytes from {@code at} on are old entry {@code old}'s, by their hash alone: the bytes
     * hashed are in the body being read, where comparing the topic's name first would read the old
     * config's name, one cache miss per entry among a million topics' strings.
     */
    private boolean repeats(int old, int at) {
        int length = previous.length(old);
        return at + length <= body.length && entryHash(at, at + length) == previous.hashes()[old];
    }

    private long entryHash(int start, int end) {
        return Murmur3Hash128.low64(body, start, end - start);
    }

    private void add(TopicConfig config, int valueEnd, long hash, int nameHash) {
        if (count == entries.length) {
            entries = Arrays.copyOf(entries, count * 2);
            valueEnds = Arrays.copyOf(valueEnds, count * 2);
            entryHashes = Arrays.copyOf(entryHashes, count * 2);
            nameHashes = Arrays.copyOf(nameHashes, count * 2);
        }
        entries[count] = config;
        valueEnds[count] = valueEnd;
        entryHashes[count] = hash;
        nameHashes[count] = nameHash;
        count++;
    }

    private TopicTableMemo.Table table(int to) {
        TopicConfig[] written = Arrays.copyOf(entries, count);
        int[] writtenNameHashes = Arrays.copyOf(nameHashes, count);
        CRC32 crc = new CRC32();
        crc.update(body, from, to - from);
        return new TopicTableMemo.Table(TopicConfigMap.of(written, writtenNameHashes), to - from, crc.getValue(),
            takeableEntries(written, writtenNameHashes, to));
    }

    /** The entries as {@link TopicTableMemo.Entries}, or null if they do not follow each other as those must. */
    private TopicTableMemo.Entries takeableEntries(TopicConfig[] written, int[] writtenNameHashes, int to) {
        if (count == 0 || valueEnds[count - 1] != to - 1) {
            return null;
        }
        int[] ends = new int[count];
        for (int i = 0; i < count; i++) {
            if (i < count - 1 && body[valueEnds[i]] != ',') {
                return null;
            }
            ends[i] = valueEnds[i] - from;
        }
        return new TopicTableMemo.Entries(written, ends, Arrays.copyOf(entryHashes, count), writtenNameHashes);
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
