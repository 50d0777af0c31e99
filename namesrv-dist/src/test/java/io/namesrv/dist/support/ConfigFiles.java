package io.namesrv.dist.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/** Small file and socket helpers shared by the process wrappers. */
public final class ConfigFiles {

    private ConfigFiles() {
    }

    /** Writes {@code props} as a Java properties file (the format RocketMQ's {@code -c} reads). */
    public static Path writeProperties(Path file, Map<String, String> props) {
        Properties properties = new Properties();
        properties.putAll(props);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.ISO_8859_1)) {
            properties.store(out, "written by the end-to-end test harness");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Writes an {@code aclAccountsFile} ({@code accessKey=secretKey} lines, UTF-8) readable by its owner
     * only, as an operator should keep it.
     */
    public static Path writeAclAccounts(Path file, Map<String, String> secretKeysByAccessKey) {
        StringBuilder lines = new StringBuilder();
        secretKeysByAccessKey.forEach((accessKey, secretKey) -> lines.append(accessKey).append('=').append(secretKey).append('\n'));
        try {
            Files.writeString(file, lines, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Whether {@code 127.0.0.1:port} accepts a TCP connection within 500 ms. */
    public static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
