package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoreException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive lock on a store directory. Chronicle Map is built for several processes sharing a
 * file, but our tables are only consistent under one writer, and the repair at open must not run
 * beside a live store. The OS releases the lock when its process dies, so a crash never leaves the
 * directory locked.
 */
final class StoreDirectoryLock implements AutoCloseable {
    static final String FILE_NAME = "store.lock";

    /**
     * Lock files this JVM holds. On Linux, closing any channel to a file drops every lock the process
     * holds on it, so a second open in this JVM must be refused before it opens the file at all.
     */
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;

    private StoreDirectoryLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** @param storePath an existing directory, in its real (canonical) form */
    static StoreDirectoryLock acquire(Path storePath) {
        Path file = storePath.resolve(FILE_NAME);
        if (!HELD_IN_THIS_JVM.add(file)) {
            throw inUse(storePath, "this process");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(storePath, "another process");
            }
            return new StoreDirectoryLock(file, channel);
        } catch (OverlappingFileLockException e) {
            // some other code of this JVM locked the file
            throw release(file, channel, inUse(storePath, "this process"));
        } catch (IOException e) {
            throw release(file, channel, new StoreException("Cannot lock " + file + ": " + e.getMessage(), e));
        } catch (StoreException e) {
            throw release(file, channel, e);
        }
    }

    private static StoreException inUse(Path storePath, String holder) {
        return new StoreException("The Chronicle store at " + storePath + " is already open in " + holder
            + "; one store at a time may open a store directory");
    }

    private static StoreException release(Path file, FileChannel channel, StoreException failure) {
        HELD_IN_THIS_JVM.remove(file);
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
        return failure;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new StoreException("Cannot release the lock " + file + ": " + e.getMessage(), e);
        } finally {
            HELD_IN_THIS_JVM.remove(file);
        }
    }
}
