package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes entries in the given order, all of them or none: every table's room is checked before the
 * first write, and a write that fails undoes the ones before it, newest first. Across a crash, the
 * {@link UndoJournal} written ahead of the first entry lets the next open roll the change back
 * ({@link #rollBackInterrupted}). Undoing in reverse only passes through states that a crash in
 * the middle of the writes could have left too, which the repair at open handles.
 */
final class TableWriter {
    private static final Logger log = LoggerFactory.getLogger(TableWriter.class);

    private TableWriter() {
    }

    /**
     * Puts back what a change that a crash cut short had overwritten or removed, newest first, and
     * logs it. A crash during this leaves the journal as it was, so the next open does it again.
     */
    static void rollBackInterrupted(RouteTables tables) {
        List<TableWrite> undo = tables.journal().pending();
        if (undo.isEmpty()) {
            return;
        }
        for (int i = undo.size() - 1; i >= 0; i--) {
            undo.get(i).applyTo(tables);
        }
        tables.journal().clear();
        Map<Table, Long> byTable = new EnumMap<>(Table.class);
        undo.forEach(write -> byTable.merge(write.table(), 1L, Long::sum));
        log.warn("Repaired the Chronicle store at {}: rolled back a change that a crash cut short, {} entries put back"
            + " as they were before it ({})", tables.storePath(), undo.size(), byTable);
    }

    static void write(RouteTables tables, List<TableWrite> writes) {
        List<TableWrite> undo = new ArrayList<>(writes.size());
        Map<Table, Long> growth = new EnumMap<>(Table.class);
        for (TableWrite write : writes) {
            byte[] before = tables.get(write.table()).get(write.key());
            undo.add(new TableWrite(write.table(), write.key(), before));
            growth.merge(write.table(), (write.value() == null ? 0L : 1L) - (before == null ? 0L : 1L), Long::sum);
        }
        growth.forEach((table, added) -> tables.get(table).checkRoom(added));
        if (writes.isEmpty()) {
            return;
        }

        tables.journal().record(undo);
        int done = 0;
        try {
            for (TableWrite write : writes) {
                write.applyTo(tables);
                done++;
            }
        } catch (RuntimeException e) {
            // the failed write is undone too: it may have landed before Chronicle gave up
            throw undo(tables, undo.subList(0, done + 1), e);
        }
        tables.journal().clear();
    }

    private static StoreException undo(RouteTables tables, List<TableWrite> undo, RuntimeException cause) {
        List<RuntimeException> undoFailures = new ArrayList<>();
        for (int i = undo.size() - 1; i >= 0; i--) {
            try {
                undo.get(i).applyTo(tables);
            } catch (RuntimeException e) {
                undoFailures.add(e);
            }
        }
        String message = cause instanceof StoreException ? cause.getMessage()
            : "Writing to the Chronicle store at " + tables.storePath() + " failed: " + cause;
        if (undoFailures.isEmpty()) {
            tables.journal().clear();
            return cause instanceof StoreException storeException ? storeException : new StoreException(message, cause);
        }
        StoreException failure = new StoreException(message + " Undoing the writes before it failed too; the tables"
            + " are repaired when the store next opens.", cause);
        undoFailures.forEach(failure::addSuppressed);
        return failure;
    }
}
