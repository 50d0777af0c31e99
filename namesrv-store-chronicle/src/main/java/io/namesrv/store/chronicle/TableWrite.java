package io.namesrv.store.chronicle;

/**
 * One entry written to one table.
 *
 * @param value the new value, or null to remove the entry
 */
record TableWrite(Table table, byte[] key, byte[] value) {
    static TableWrite put(Table table, byte[] key, byte[] value) {
        return new TableWrite(table, key, value);
    }

    static TableWrite remove(Table table, byte[] key) {
        return new TableWrite(table, key, null);
    }

    void applyTo(RouteTables tables) {
        PersistedTable target = tables.get(table);
        if (value == null) {
            target.remove(key);
        } else {
            target.put(key, value);
        }
    }
}
