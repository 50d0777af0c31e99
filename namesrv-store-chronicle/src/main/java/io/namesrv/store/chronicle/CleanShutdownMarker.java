package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file that exists only between a clean close and the next open. Without it, the previous process
 * may have died inside a Chronicle write with a segment lock held, and the tables are opened with
 * Chronicle's recovery, which Chronicle advises against as the usual way to open.
 */
final class CleanShutdownMarker {
    static final String FILE_NAME = "closed-cleanly";

    private CleanShutdownMarker() {
    }

    /** Whether the last close was clean; from here on, a crash counts as unclean. */
    static boolean take(Path storePath) {
        try {
            return Files.deleteIfExists(storePath.resolve(FILE_NAME));
        } catch (IOException e) {
            throw new StoreException("Cannot remove " + storePath.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    static void put(Path storePath) {
        try {
            Files.write(storePath.resolve(FILE_NAME), new byte[0]);
        } catch (IOException e) {
            throw new StoreException("Cannot write " + storePath.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }
}
