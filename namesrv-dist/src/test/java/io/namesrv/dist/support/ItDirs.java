package io.namesrv.dist.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Working directories for child processes: everything (configs, stores, logs) lives under
 * {@code target/it/<run>/}, never under the user's home directory.
 *
 * <p>The base is the system property {@code it.work.dir} (set by failsafe in the pom), else
 * {@code target/it} relative to the working directory (the module directory under Maven).
 */
public final class ItDirs {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Path RUN_DIR = createRunDir();

    private ItDirs() {
    }

    /** This test JVM's run directory: {@code <base>/<yyyyMMdd-HHmmss>-<pid>}. */
    public static Path runDir() {
        return RUN_DIR;
    }

    /** A fresh, unique directory under the run directory, e.g. {@code 03-broker-a}. */
    public static Path newDir(String name) {
        Path dir = RUN_DIR.resolve(String.format("%02d-%s", SEQUENCE.incrementAndGet(), name.replaceAll("[^A-Za-z0-9._-]", "_")));
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createRunDir() {
        String base = System.getProperty("it.work.dir");
        Path basePath = base == null || base.isBlank() ? Paths.get("target", "it") : Paths.get(base);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = basePath.toAbsolutePath().resolve(stamp + "-" + ProcessHandle.current().pid());
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
