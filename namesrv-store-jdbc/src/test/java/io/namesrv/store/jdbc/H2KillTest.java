package io.namesrv.store.jdbc;

import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.core.spi.RouteStore;
import io.namesrv.core.spi.StoredRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the default H2 store acknowledged survives kill -9: a child JVM writes, says so, and is
 * killed at once; this JVM then reads the file back.
 */
@Timeout(120)
class H2KillTest {
    private static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    private static final int TOPICS = 10_000;

    @TempDir
    Path storeDir;

    @Test
    void whatWasAcknowledgedSurvivesKill9() throws Exception {
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Writer.class.getName(), storeDir.toString())
            .redirectErrorStream(true)
            .start();
        try (BufferedReader output = new BufferedReader(
            new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            StringBuilder seen = new StringBuilder();
            while ((line = output.readLine()) != null && !line.equals(ACKNOWLEDGED)) {
                seen.append(line).append('\n');
            }
            assertEquals(ACKNOWLEDGED, line, "the writer ended before acknowledging:\n" + seen);
        } finally {
            writer.destroyForcibly();
        }
        assertTrue(writer.waitFor(30, TimeUnit.SECONDS));

        try (RouteStore store = new JdbcRouteStoreProvider().open(config(storeDir))) {
            StoredRoutes routes = store.loadRoutes();
            assertEquals(TOPICS + 1, routes.topicQueues().size());
            assertEquals("v", store.loadKvConfig().get("ns").get("k"));
        }
    }

    private static NamesrvConfig config(Path storeDir) {
        return NamesrvConfig.of(Map.of(NamesrvConfig.STORE_PATH.name(), storeDir.toString()));
    }

    /** The child: writes, prints {@value #ACKNOWLEDGED}, and waits to be killed. */
    static final class Writer {
        public static void main(String[] args) throws InterruptedException {
            RouteStore store = new JdbcRouteStoreProvider().open(config(Path.of(args[0])));
            store.apply(Changes.registration("broker-a", "topic-", TOPICS));
            store.putKvConfig("ns", "k", "v");
            // the last write, a lone row, is the one a delayed flush would lose
            store.apply(Changes.registration("broker-a", "last-", 1));
            System.out.println(ACKNOWLEDGED);
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        }
    }
}
