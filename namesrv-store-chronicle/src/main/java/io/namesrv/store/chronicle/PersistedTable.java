package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoreException;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;

import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * One table in its Chronicle Map file, holding at most its spec's capacity of entries, with
 * Chronicle's errors turned into ones that tell the operator what to change.
 */
final class PersistedTable implements AutoCloseable {
    private final Path storePath;
    private final TableSpec spec;
    private final ChronicleMap<byte[], byte[]> map;
    /** Entries put or removed since the table was opened: what the tests count a change's cost in. */
    private long entriesWritten;

    PersistedTable(Path storePath, TableSpec spec, ChronicleMap<byte[], byte[]> map) {
        this.storePath = storePath;
        this.spec = spec;
        this.map = map;
    }

    byte[] get(byte[] key) {
        return map.get(key);
    }

    void put(byte[] key, byte[] value) {
        entriesWritten++;
        try {
            map.put(key, value);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Chronicle's "no more segment tiers" and "entry too large": the entries outgrew the sizing
            throw new StoreException(spec.outOfSpace(storePath), e);
        }
    }

    void remove(byte[] key) {
        entriesWritten++;
        map.remove(key);
    }

    /** Puts and removes since the table was opened, undone ones included. */
    long entriesWritten() {
        return entriesWritten;
    }

    long size() {
        return map.longSize();
    }

    /**
     * Refuses a write that would take the table past its capacity. Chronicle itself would take a
     * little more, by an amount that depends on how the keys hash; this limit is the same every time.
     */
    void checkRoom(long adding) {
        long size = size();
        if (adding > 0 && size + adding > spec.capacity()) {
            throw new StoreException(spec.full(storePath, size, adding));
        }
    }

    /**
     * Visits every entry; the visitor decodes, and what it cannot decode is reported with the table's
     * file.
     */
    void forEach(BiConsumer<byte[], byte[]> visitor) {
        map.forEachEntry(entry -> {
            byte[] key = entry.key().getUsing(null);
            try {
                visitor.accept(key, entry.value().getUsing(null));
            } catch (IllegalArgumentException e) {
                throw new StoreException("Chronicle store " + storePath + ": an entry of the " + spec.table().title()
                    + " (" + map.file() + ") cannot be read: " + e.getMessage(), e);
            }
        });
    }

    /** Receives entries as bytes in buffers that are reused: valid only during the call. */
    interface RawVisitor {
        void accept(byte[] key, int keyLength, byte[] value, int valueLength);
    }

    /** Chronicle's segments: {@link #forEachRaw} visits one at a time, so several threads can share the table. */
    int segments() {
        return map.segments();
    }

    /**
     * Visits every entry of one segment without an array per entry: keys and values are copied into
     * buffers of the visitor's thread, which it must not keep. What the visitor cannot decode is
     * reported with the table's file, as by {@link #forEach}.
     */
    void forEachRaw(int segment, RawVisitor visitor) {
        byte[][] buffers = {new byte[128], new byte[64]};
        try (var context = map.segmentContext(segment)) {
            context.forEachSegmentEntry(entry -> {
                int keyLength = copy(entry.key(), buffers, 0);
                int valueLength = copy(entry.value(), buffers, 1);
                try {
                    visitor.accept(buffers[0], keyLength, buffers[1], valueLength);
                } catch (IllegalArgumentException e) {
                    throw new StoreException("Chronicle store " + storePath + ": an entry of the " + spec.table().title()
                        + " (" + map.file() + ") cannot be read: " + e.getMessage(), e);
                }
            });
        }
    }

    private static int copy(Data<?> data, byte[][] buffers, int which) {
        int length = Math.toIntExact(data.size());
        if (buffers[which].length < length) {
            buffers[which] = new byte[Math.max(length, buffers[which].length * 2)];
        }
        data.bytes().read(data.offset(), buffers[which], 0, length);
        return length;
    }

    @Override
    public void close() {
        map.close();
    }
}
