package io.namesrv.store.chronicle;

import io.namesrv.core.spi.StoreException;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a table's file: creates it, reopens it, recovers it after a crash, or resizes it when the
 * settings changed. A new or resized file is built under a temporary name and moved into place
 * whole, so a crash while building leaves the old file (or none) and a leftover that the next open
 * deletes; a file under its final name is always complete.
 */
final class TableFiles {
    private static final Logger log = LoggerFactory.getLogger(TableFiles.class);
    private static final String UNFINISHED = ".unfinished";

    private TableFiles() {
    }

    /** Whether the directory holds any table file: a new store has nothing to recover. */
    static boolean anyExist(Path storePath) throws IOException {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(storePath, "*.cmap")) {
            return found.iterator().hasNext();
        }
    }

    /** @param recover whether the previous process may have died inside a write (see {@link CleanShutdownMarker}) */
    static PersistedTable open(Path storePath, TableSpec spec, boolean recover) throws IOException {
        Path file = storePath.resolve(spec.fileName());
        for (Path unfinished : filesOf(storePath, spec.table(), "*" + UNFINISHED)) {
            log.info("Deleting {}, a table file whose building was cut short", unfinished);
            Files.delete(unfinished);
        }
        List<Path> otherSizes = filesOf(storePath, spec.table(), "*.cmap");
        otherSizes.remove(file);
        boolean built = !Files.exists(file);
        if (built) {
            build(storePath, spec, file, newest(otherSizes), recover);
        }
        // with the file in place, any other size is a resized file that a crash kept from being deleted
        for (Path old : otherSizes) {
            Files.delete(old);
        }
        ChronicleMapBuilder<byte[], byte[]> builder = builder(spec);
        ChronicleMap<byte[], byte[]> map = recover && !built
            ? builder.recoverPersistedTo(file.toFile(), false)
            : builder.createPersistedTo(file.toFile());
        return new PersistedTable(storePath, spec, map);
    }

    private static void build(Path storePath, TableSpec spec, Path file, Path source, boolean recover)
        throws IOException {
        Path unfinished = file.resolveSibling(file.getFileName() + UNFINISHED);
        try (ChronicleMap<byte[], byte[]> target = builder(spec).createPersistedTo(unfinished.toFile())) {
            if (source != null) {
                copy(storePath, spec, source, target, recover);
            }
        }
        Files.move(unfinished, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void copy(Path storePath, TableSpec spec, Path source, ChronicleMap<byte[], byte[]> target,
                             boolean recover) throws IOException {
        // an existing file is read with the sizing in its own header, whatever the builder says
        ChronicleMapBuilder<byte[], byte[]> builder = builder(spec);
        try (ChronicleMap<byte[], byte[]> old = recover
            ? builder.recoverPersistedTo(source.toFile(), false) : builder.createPersistedTo(source.toFile())) {
            if (old.longSize() > spec.capacity()) {
                throw new StoreException(spec.tooSmallFor(storePath, old.longSize()));
            }
            log.info("Resizing the {} of {}: {} entries from {} into {}", spec.table().title(), storePath,
                old.longSize(), source.getFileName(), spec.fileName());
            old.forEachEntry(entry -> target.put(entry.key().get(), entry.value().get()));
        }
    }

    static ChronicleMapBuilder<byte[], byte[]> builder(TableSpec spec) {
        return ChronicleMap.of(byte[].class, byte[].class)
            .name(spec.table().fileStem())
            .entries(spec.capacity())
            .averageKeySize(spec.averageKeyBytes())
            .averageValueSize(spec.averageValueBytes())
            // the store reads the previous value itself when it needs it
            .putReturnsNull(true)
            .removeReturnsNull(true)
            // the store closes its tables; Chronicle's exit hook would close them under a running write
            .skipCloseOnExitHook(true);
    }

    private static List<Path> filesOf(Path storePath, Table table, String suffixGlob) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(storePath, table.fileStem() + "." + suffixGlob)) {
            found.forEach(files::add);
        }
        return files;
    }

    /**
     * Two other sizes exist only when a crash came between moving a resized file into place and
     * deleting the old one; they then hold the same entries.
     */
    private static Path newest(List<Path> files) throws IOException {
        Path newest = null;
        FileTime newestTime = null;
        for (Path file : files) {
            FileTime time = Files.getLastModifiedTime(file);
            if (newest == null || time.compareTo(newestTime) > 0) {
                newest = file;
                newestTime = time;
            }
        }
        return newest;
    }
}
