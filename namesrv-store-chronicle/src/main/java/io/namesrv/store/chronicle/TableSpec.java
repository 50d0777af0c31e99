package io.namesrv.store.chronicle;

import java.nio.file.Path;

/**
 * How big one table is made, and which settings to raise when it is too small.
 *
 * @param capacity        the most entries the store lets the table hold
 * @param countSettings   the setting that raises {@code capacity}, with its value
 * @param sizeSettings    the settings that raise the room per entry, with their values
 */
record TableSpec(Table table, long capacity, int averageKeyBytes, int averageValueBytes, String countSettings,
                 String sizeSettings) {

    /**
     * The file carries its sizing in its name, so that a store opened with other settings sees that
     * the file was made for different ones and resizes it.
     */
    String fileName() {
        return table.fileStem() + "." + capacity + "-" + averageKeyBytes + "-" + averageValueBytes + ".cmap";
    }

    String full(Path storePath, long entries, long adding) {
        return "Chronicle store " + storePath + ": the " + table.title() + " is full: it holds at most " + capacity
            + " entries (" + table.entries() + "), has " + entries + " and this change adds " + adding + ". Raise "
            + countSettings + " and restart: the table is resized when the store opens.";
    }

    String outOfSpace(Path storePath) {
        return "Chronicle store " + storePath + ": the " + table.title() + " ran out of space before reaching its "
            + capacity + " entries: its keys or values are longer than it was sized for. Raise " + sizeSettings
            + " and restart: the table is resized when the store opens.";
    }

    String tooSmallFor(Path storePath, long entries) {
        return "Chronicle store " + storePath + ": the " + table.title() + " holds " + entries + " entries, more than "
            + "the " + capacity + " that " + countSettings + " allows. Raise it to open this store.";
    }
}
