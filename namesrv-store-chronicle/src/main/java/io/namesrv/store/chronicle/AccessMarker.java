package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoreException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One byte in a file of the store directory ({@value #FILE_NAME}) that says whether the process
 * that has the store open is inside an access to its tables (a read or a write): set before the
 * first Chronicle call of an access, cleared after its last.
 *
 * <p>Why: a process killed inside a Chronicle call may leave a segment lock held (a read too takes
 * one) or an entry half written, which only Chronicle's recovery undoes; but that recovery reads
 * and checks every entry of every table, about a second per million topics on every start after a
 * kill. A process killed between accesses, which is where a name server spends nearly all its time,
 * left every lock free and every entry whole: the next open needs no recovery. So the store
 * recovers when the marker says an access was cut short, or when it cannot tell (no marker file:
 * a store written before the marker existed).
 *
 * <p>Like the {@link UndoJournal}, the byte is written with a plain file write, which a process
 * kill leaves in the page cache, as it does the tables' own writes. {@link RandomAccessFile} rather
 * than a {@code FileChannel}: an interrupted thread must not close it.
 */
final class AccessMarker implements AutoCloseable {
    static final String FILE_NAME = "access.marker";
    private static final int IDLE = 0;
    private static final int BUSY = 1;

    private final Path file;
    private final RandomAccessFile out;
    private int depth;

    private AccessMarker(Path file, RandomAccessFile out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Whether the last process to open the store may have ended inside an access: the marker says
     * so, or there is none (a store without the marker may be from before it existed).
     */
    static boolean cutShort(Path storePath) {
        Path file = storePath.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return true;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            return in.length() < 1 || in.read() != IDLE;
        } catch (IOException e) {
            throw new StoreException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens the marker of the directory, set: opening the tables is an access. */
    static AccessMarker openBusy(Path storePath) {
        Path file = storePath.resolve(FILE_NAME);
        try {
            AccessMarker marker = new AccessMarker(file, new RandomAccessFile(file.toFile(), "rw"));
            marker.enter();
            return marker;
        } catch (IOException e) {
            throw new StoreException("Cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Starts an access (accesses nest: the outermost one sets and clears the marker). */
    void enter() {
        if (depth++ == 0) {
            write(BUSY);
        }
    }

    void exit() {
        if (--depth == 0) {
            write(IDLE);
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

    private void write(int state) {
        try {
            out.seek(0);
            out.write(state);
        } catch (IOException e) {
            throw new StoreException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
