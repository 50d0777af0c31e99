package io.namesrv.dist.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Writes a bench's results to a file of their own under target/bench (the system property
 * {@code bench.outputDir}, set in the pom), so that they outlive the console.
 */
final class BenchReport {
    private BenchReport() {
    }

    /** Writes {@code text} to {@code <stem>-<yyyyMMdd-HHmmss>.md} and returns its path. */
    static Path write(String stem, String text) {
        String dir = System.getProperty("bench.outputDir", "");
        Path base = dir.isBlank() ? Path.of("target", "bench") : Path.of(dir);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        try {
            Files.createDirectories(base);
            return Files.writeString(base.resolve(stem + "-" + stamp + ".md"), text, StandardCharsets.UTF_8).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
