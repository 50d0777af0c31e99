package io.namesrv.dist;

import io.namesrv.core.config.ConfigException;
import io.namesrv.core.config.NamesrvConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theCommandLineWinsOverTheFileWhichWinsOverDefaults() throws IOException {
        Path file = dir.resolve("namesrv.properties");
        Files.writeString(file, "listenPort=9877\norderMessageEnable=true\n# comment\njdbcUrl=jdbc:h2:mem:x\n");
        StartupOptions options = StartupOptions.parse(List.of("-c", file.toString(), "--listenPort=9999"));

        NamesrvConfig config = NamesrvConfig.of(options.settings());
        assertEquals(9999, config.get(NamesrvConfig.LISTEN_PORT));
        assertEquals(true, config.get(NamesrvConfig.ORDER_MESSAGE_ENABLE));
        assertEquals(10_000L, config.get(NamesrvConfig.SCAN_NOT_ACTIVE_BROKER_INTERVAL));
        assertEquals("jdbc:h2:mem:x", config.raw("jdbcUrl"), "a store's own key is kept");
    }

    @Test
    void printConfigListsEveryKeySorted() {
        StartupOptions options = StartupOptions.parse(List.of("-p", "--storeType=memory", "--jdbcPassword=secret"));
        assertTrue(options.printConfig());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NamesrvStartup.printConfig(NamesrvConfig.of(options.settings()), new PrintStream(out, true, StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(NamesrvConfig.KEYS.size() + 1, lines.size());
        assertTrue(lines.contains("jdbcPassword=***"), "a password is never printed");
        assertEquals(lines.stream().sorted().toList(), lines);
        assertTrue(lines.contains("bindAddress=0.0.0.0"));
        assertTrue(lines.contains("listenPort=9876"));
        assertTrue(lines.contains("storeType=memory"));
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        assertEquals("unknown argument 'listenPort'",
            assertThrows(ConfigException.class, () -> StartupOptions.parse(List.of("listenPort"))).getMessage());
        assertEquals("-c needs a file name",
            assertThrows(ConfigException.class, () -> StartupOptions.parse(List.of("-c"))).getMessage());
        assertTrue(assertThrows(ConfigException.class,
            () -> StartupOptions.parse(List.of("-c", dir.resolve("missing").toString())).settings())
            .getMessage().startsWith("cannot read config file"));
        assertEquals("invalid value 'abc' for config key listenPort: For input string: \"abc\"",
            assertThrows(ConfigException.class,
                () -> NamesrvConfig.of(StartupOptions.parse(List.of("--listenPort=abc")).settings())).getMessage());
    }
}
