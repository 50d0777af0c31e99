package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoreException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * The five tables of one store directory, open under the directory's lock. Closing closes every
 * table, leaves the clean-shutdown marker if all of them closed, and releases the lock.
 */
final class RouteTables implements AutoCloseable {
    private final Path storePath;
    private final StoreDirectoryLock lock;
    private final Map<Table, PersistedTable> tables;
    private final UndoJournal journal;
    private final AccessMarker access;
    private final boolean recovered;

    private RouteTables(Path storePath, StoreDirectoryLock lock, Map<Table, PersistedTable> tables,
                        UndoJournal journal, AccessMarker access, boolean recovered) {
        this.storePath = storePath;
        this.lock = lock;
        this.tables = tables;
        this.journal = journal;
        this.access = access;
        this.recovered = recovered;
    }

    static RouteTables open(ChronicleSettings settings) {
        Path storePath = existingDirectory(settings.storePath());
        StoreDirectoryLock lock = StoreDirectoryLock.acquire(storePath);
        Map<Table, PersistedTable> tables = new EnumMap<>(Table.class);
        UndoJournal journal = null;
        AccessMarker access = null;
        try {
            // a process that ended uncleanly needs Chronicle's recovery only if it ended inside an access
            journal = UndoJournal.open(storePath);
            boolean recover = !CleanShutdownMarker.take(storePath) && TableFiles.anyExist(storePath)
                && (AccessMarker.cutShort(storePath) || !journal.pending().isEmpty());
            // the open is an access until the store is checked (ChronicleRouteStore.open ends it)
            access = AccessMarker.openBusy(storePath);
            for (Table table : Table.values()) {
                tables.put(table, TableFiles.open(storePath, settings.spec(table), recover));
            }
            return new RouteTables(storePath, lock, tables, journal, access, recover);
        } catch (IOException | RuntimeException e) {
            StoreException failure = e instanceof StoreException se ? se
                : new StoreException("Cannot open the Chronicle store at " + storePath + ": " + e.getMessage(), e);
            closeAll(tables, failure);
            for (AutoCloseable file : new AutoCloseable[] {journal, access}) {
                try {
                    if (file != null) {
                        file.close();
                    }
                } catch (Exception closeFailure) {
                    failure.addSuppressed(closeFailure);
                }
            }
            try {
                lock.close();
            } catch (StoreException releaseFailure) {
                failure.addSuppressed(releaseFailure);
            }
            throw failure;
        }
    }

    private static Path existingDirectory(Path storePath) {
        try {
            return Files.createDirectories(storePath).toRealPath();
        } catch (IOException e) {
            throw new StoreException("Cannot create the Chronicle store directory " + storePath + ": " + e, e);
        }
    }

    Path storePath() {
        return storePath;
    }

    PersistedTable get(Table table) {
        return tables.get(table);
    }

    /** The undo record of the change being written. */
    UndoJournal journal() {
        return journal;
    }

    /** Marks the accesses to the tables, so that the next open knows whether one was cut short. */
    AccessMarker access() {
        return access;
    }

    /**
     * Whether the tables were opened with Chronicle's recovery: the last close was not clean and
     * the process may have died inside an access.
     */
    boolean recovered() {
        return recovered;
    }

    @Override
    public void close() {
        StoreException failure = new StoreException("Closing the Chronicle store at " + storePath + " failed");
        closeAll(tables, failure);
        try {
            journal.close();
        } catch (StoreException e) {
            failure.addSuppressed(e);
        }
        try {
            access.close();
        } catch (StoreException e) {
            failure.addSuppressed(e);
        }
        if (failure.getSuppressed().length == 0) {
            try {
                CleanShutdownMarker.put(storePath);
            } catch (StoreException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            lock.close();
        } catch (StoreException e) {
            failure.addSuppressed(e);
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private static void closeAll(Map<Table, PersistedTable> tables, StoreException failure) {
        for (PersistedTable table : tables.values()) {
            try {
                table.close();
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }
}
