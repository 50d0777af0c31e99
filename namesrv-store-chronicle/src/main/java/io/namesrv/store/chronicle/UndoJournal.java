package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoreException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What the entries of the change being written held before it, in a file of the store directory
 * ({@value #FILE_NAME}), so that a change a crash cut short can be rolled back at the next open.
 *
 * <p>Why: Chronicle overwrites an entry in place when the new value fits, so a kill inside that
 * write leaves the entry torn; Chronicle's recovery then finds its checksum wrong and drops it. The
 * entry's previous value, acknowledged long before, would be lost with the unacknowledged write
 * (seen in the crash-consistency run: queue data of an acknowledged registration gone).
 *
 * <p>The record is written whole before the first entry of a change and cleared after the last,
 * both with one write at the start of the file. A record the kill cut short fails its CRC and is
 * ignored: no entry was written yet. A process kill leaves the file in the page cache, which is
 * what the tables rely on too; nothing here survives a power cut that the tables would not.
 * {@link RandomAccessFile} rather than a {@code FileChannel}: an interrupted thread must not close it.
 */
final class UndoJournal implements AutoCloseable {
    static final String FILE_NAME = "undo.journal";
    /** payload length (0 = no change in progress), CRC32 of the payload */
    private static final int HEADER_BYTES = Integer.BYTES + Long.BYTES;
    private static final int ABSENT = -1;

    private final Path file;
    private final RandomAccessFile out;
    /** Entries in the records written since the journal was opened (each change's, not the table's). */
    private long entriesRecorded;

    private UndoJournal(Path file, RandomAccessFile out) {
        this.file = file;
        this.out = out;
    }

    static UndoJournal open(Path storePath) {
        Path file = storePath.resolve(FILE_NAME);
        try {
            return new UndoJournal(file, new RandomAccessFile(file.toFile(), "rw"));
        } catch (IOException e) {
            throw new StoreException("Cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records the undo of a change (each entry as it was before) ahead of its first write. */
    void record(List<TableWrite> undo) {
        int payloadBytes = Integer.BYTES;
        for (TableWrite write : undo) {
            payloadBytes += 1 + 2 * Integer.BYTES + write.key().length + (write.value() == null ? 0 : write.value().length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payloadBytes);
        buffer.position(HEADER_BYTES).putInt(undo.size());
        for (TableWrite write : undo) {
            buffer.put((byte) write.table().ordinal()).putInt(write.key().length).put(write.key());
            if (write.value() == null) {
                buffer.putInt(ABSENT);
            } else {
                buffer.putInt(write.value().length).put(write.value());
            }
        }
        buffer.putInt(0, payloadBytes).putLong(Integer.BYTES, crc(buffer.array(), HEADER_BYTES, payloadBytes));
        writeAtStart(buffer.array());
        entriesRecorded += undo.size();
    }

    /** Entries recorded since the journal was opened. */
    long entriesRecorded() {
        return entriesRecorded;
    }

    /** The change recorded last is written in full (or undone): nothing to roll back. */
    void clear() {
        writeAtStart(new byte[Integer.BYTES]);
    }

    /** The undo of a change a crash cut short, oldest entry first; empty when none was in progress. */
    List<TableWrite> pending() {
        try {
            if (out.length() < HEADER_BYTES) {
                return List.of();
            }
            out.seek(0);
            int payloadBytes = out.readInt();
            long crc = out.readLong();
            if (payloadBytes <= 0 || payloadBytes > out.length() - HEADER_BYTES) {
                return List.of();
            }
            byte[] payload = new byte[payloadBytes];
            out.readFully(payload);
            if (crc(payload, 0, payloadBytes) != crc) {
                return List.of();
            }
            return decode(ByteBuffer.wrap(payload));
        } catch (IOException e) {
            throw new StoreException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new StoreException("Cannot close " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<TableWrite> decode(ByteBuffer payload) {
        Table[] tables = Table.values();
        int count = payload.getInt();
        List<TableWrite> undo = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Table table = tables[payload.get()];
            byte[] key = new byte[payload.getInt()];
            payload.get(key);
            int valueBytes = payload.getInt();
            byte[] value = valueBytes == ABSENT ? null : new byte[valueBytes];
            if (value != null) {
                payload.get(value);
            }
            undo.add(new TableWrite(table, key, value));
        }
        return undo;
    }

    private void writeAtStart(byte[] bytes) {
        try {
            out.seek(0);
            out.write(bytes);
        } catch (IOException e) {
            throw new StoreException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static long crc(byte[] bytes, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, from, length);
        return crc.getValue();
    }
}
