package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoreException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Writes entries in the given order, all of them or none as far as this process can tell: every
 * table's room is checked before the first write, and a write that fails undoes the ones before it,
 * newest first. Undoing in reverse only passes through states that a crash in the middle of the
 * writes could have left too, which the repair at open handles.
 */
final class TableWriter {
    private TableWriter() {
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
            return cause instanceof StoreException storeException ? storeException : new StoreException(message, cause);
        }
        StoreException failure = new StoreException(message + " Undoing the writes before it failed too; the tables"
            + " are repaired when the store next opens.", cause);
        undoFailures.forEach(failure::addSuppressed);
        return failure;
    }
}
