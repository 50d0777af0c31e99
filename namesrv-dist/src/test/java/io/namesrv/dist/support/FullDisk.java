package io.namesrv.dist.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A store's files on a small tmpfs of their own; the outage fills it to the last byte, as a full
 * disk looks, and ends by freeing the space. Mounting takes root (CI runs as root);
 * {@link #mountable()} says whether this machine lets us.
 */
public final class FullDisk implements StoreOutage {
    private static final String SIZE = "256m";

    private final Path mountPoint;
    private final Map<String, String> storeConfig;
    private final Path filler;
    private final boolean stopsWrites;

    private FullDisk(Path mountPoint, Map<String, String> storeConfig, boolean stopsWrites) {
        this.mountPoint = mountPoint;
        this.storeConfig = storeConfig;
        this.stopsWrites = stopsWrites;
        this.filler = mountPoint.resolve("filler");
    }

    public static boolean mountable() {
        return "root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/bin/mount"));
    }

    /**
     * @param storeConfig the store's keys but its {@code storePath}, which is the tmpfs
     * @param stopsWrites whether the store's writes fail when the disk is full
     */
    public static FullDisk mount(Path mountPoint, Map<String, String> storeConfig, boolean stopsWrites) throws IOException {
        Files.createDirectories(mountPoint);
        run("mount", "-t", "tmpfs", "-o", "size=" + SIZE, "tmpfs", mountPoint.toString());
        Map<String, String> config = new HashMap<>(storeConfig);
        config.put("storePath", mountPoint.resolve("store").toString());
        return new FullDisk(mountPoint, Map.copyOf(config), stopsWrites);
    }

    @Override
    public Map<String, String> serverConfig() {
        return storeConfig;
    }

    @Override
    public Map<String, String> freshConfig() {
        return storeConfig;
    }

    @Override
    public boolean stopsWrites() {
        return stopsWrites;
    }

    /** Writes a file until the tmpfs refuses another byte. */
    @Override
    public void begin() throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (true) {
                block.clear();
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    @Override
    public void end() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws IOException {
        run("umount", "-l", mountPoint.toString());
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": no answer in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
                + new String(process.getInputStream().readAllBytes()).strip());
        }
    }
}
