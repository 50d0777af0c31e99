package io.namesrv.dist.bench;

import io.namesrv.core.config.NamesrvConfig;
import io.namesrv.dist.support.ChildJvm;
import io.namesrv.dist.support.ItDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The durable stores at scale: BROKERS broker groups of TOPICS/BROKERS topics each (by default 100 x
 * 10,000 = 1,000,000), written by a child JVM as one change per group (as first registrations make
 * them), then one-topic changes timed; the writer is killed with kill -9 after its last acknowledged
 * apply; then a fresh child JVM opens the store and reads it back ({@code loadRoutes()}, what the
 * server does at boot), and another boots the server's own load (the store read and the route image
 * built). Prints one table: disk use, rows read back, open and load times, the one-topic apply time.
 * Nothing asserts a speed; the rows read back must be all that was acknowledged.
 *
 * <p>{@code mvn -B verify -Pbench -pl namesrv-dist -am -Dit.test=StoreScaleBench}, settings:
 * <ul>
 *   <li>{@code bench.scale.topics} (1000000), {@code bench.scale.brokers} (100): topics in all, broker groups;</li>
 *   <li>{@code bench.scale.stores} (chronicle,h2,postgresql,mariadb);</li>
 *   <li>{@code bench.scale.samples} (201): one-topic changes timed;</li>
 *   <li>{@code bench.scale.jvmOptions} ({@code -Xms256m -Xmx1g}, bin/namesrv's default heap);</li>
 *   <li>{@code bench.scale.storeConfig} (none): {@code key=value,...} added to every store's config,
 *       e.g. {@code chronicleExpectedTopics=2000000};</li>
 *   <li>{@code bench.scale.postgresUrl} / {@code .postgresUser}, {@code bench.scale.mariadbUrl} /
 *       {@code .mariadbUser}: the servers (127.0.0.1, postgres / root), each run in a new schema or
 *       database, dropped afterwards;</li>
 *   <li>{@code bench.scale.keep} (false): keep the store directories, schemas and databases.</li>
 * </ul>
 */
class StoreScaleBench {
    private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(60);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    @Test
    @Timeout(value = 240, unit = TimeUnit.MINUTES)
    void durableStoresAtScale() throws Exception {
        int topics = Integer.getInteger("bench.scale.topics", 1_000_000);
        int brokers = Integer.getInteger("bench.scale.brokers", 100);
        int samples = Integer.getInteger("bench.scale.samples", 201);
        List<String> stores = split(System.getProperty("bench.scale.stores", "chronicle,h2,postgresql,mariadb"));
        String[] jvmOptions = split(System.getProperty("bench.scale.jvmOptions", "-Xms256m -Xmx1g")).toArray(String[]::new);
        Map<String, String> extraConfig = keyValues(System.getProperty("bench.scale.storeConfig", ""));
        boolean keep = Boolean.getBoolean("bench.scale.keep");
        assertTrue(brokers >= 1 && topics >= brokers && topics % brokers == 0,
            "bench.scale.topics must be a multiple of bench.scale.brokers");
        int topicsPerBroker = topics / brokers;

        out("=== the durable stores at scale ===");
        out(MachineInfo.describe());
        out(String.format(Locale.ROOT, "settings: %,d topics = %d broker groups x %,d, written as %d changes;"
                + " %d one-topic changes timed; child JVMs %s; extra store config %s", topics, brokers, topicsPerBroker,
            brokers, samples, String.join(" ", jvmOptions), extraConfig));

        List<Result> results = new ArrayList<>();
        for (String store : stores) {
            try (Target target = Target.of(store, extraConfig, keep)) {
                results.add(measure(target, brokers, topicsPerBroker, samples, jvmOptions));
            }
        }
        out("");
        out(String.format(Locale.ROOT, "=== %,d topics (%d broker groups x %,d), kill -9 after the last acknowledged"
            + " apply ===", topics, brokers, topicsPerBroker));
        out(Result.table(results));
        for (Result result : results) {
            assertEquals(topics, count(result.loaded(), "topics"), result.store() + ": topics read back");
            assertEquals(topics, count(result.loaded(), "queueEntries"), result.store() + ": queue entries read back");
            assertEquals(brokers, count(result.loaded(), "brokers"), result.store() + ": broker groups read back");
            assertEquals(brokers, count(result.loaded(), "clusterMembers"), result.store() + ": cluster members read back");
            assertEquals(brokers, count(result.loaded(), "live"), result.store() + ": live entries read back");
            assertEquals(topics, count(result.booted(), "topics"), result.store() + ": topics in the server's image");
        }
    }

    private static long count(Map<String, Double> values, String key) {
        return values.get(key).longValue();
    }

    private static Result measure(Target target, int brokers, int topicsPerBroker, int samples, String[] jvmOptions)
        throws IOException {
        out("--- " + target.label() + " ---");
        Path config = target.dir().resolve("store.properties");
        Properties properties = new Properties();
        properties.putAll(target.config());
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            properties.store(writer, "StoreScaleBench " + target.label());
        }

        Map<String, Double> written;
        ChildJvm writer = child("scale-write-" + target.name(), target.dir(), jvmOptions, "write", config.toString(),
            Integer.toString(brokers), Integer.toString(topicsPerBroker), Integer.toString(samples));
        try {
            writer.awaitLog("ACKED ", WRITE_TIMEOUT);
            written = values(writer, "ACKED ");
        } finally {
            // the last apply was acknowledged: SIGKILL, no close, no shutdown hook
            writer.kill();
        }
        out(String.format(Locale.ROOT, "written in %.1f s, then %d one-topic changes: median %.3f ms, p90 %.3f ms,"
                + " max %.3f ms; writer killed with SIGKILL", written.get("writeMillis") / 1000,
            written.get("samples").intValue(), written.get("applyMedianMillis"), written.get("applyP90Millis"),
            written.get("applyMaxMillis")));
        String disk = target.diskUse();
        out("on disk: " + disk);

        Map<String, Double> loaded = runToEnd(child("scale-load-" + target.name(), target.dir(), jvmOptions, "load",
            config.toString()), "LOADED ");
        out("fresh JVM, store open + loadRoutes: " + loaded);
        Map<String, Double> booted = runToEnd(child("scale-boot-" + target.name(), target.dir(), jvmOptions, "boot",
            config.toString()), "BOOTED ");
        out("fresh JVM, store open + the server's load (routes read, image built): " + booted);
        return new Result(target.label(), disk, written, loaded, booted);
    }

    private static ChildJvm child(String name, Path dir, String[] jvmOptions, String... args) {
        return ChildJvm.builder(name, StoreScaleWorker.class.getName())
            .classpath(serverClasspath())
            .workDir(dir)
            .jvmArgs(ChildJvm.chronicleOptions())
            .jvmArgs(jvmOptions)
            .args(args)
            .start();
    }

    /**
     * The assembled server's lib/ (what bin/namesrv runs with) and the worker's class: not the test
     * class path, whose RocketMQ jars would make the start slower than a server's (Chronicle's
     * first open looks through the class path).
     */
    private static List<String> serverClasspath() {
        Path lib = Path.of(System.getProperty("namesrv.home", "target/namesrv")).resolve("lib");
        List<String> classpath = new ArrayList<>();
        try {
            classpath.add(Path.of(StoreScaleWorker.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> jars = Files.list(lib)) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(jar -> classpath.add(jar.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("no server distribution at " + lib + " (mvn package builds it)", e);
        }
        return classpath;
    }

    private static Map<String, Double> runToEnd(ChildJvm child, String resultWord) {
        try {
            if (!child.waitFor(READ_TIMEOUT)) {
                throw new AssertionError(child + " did not finish in " + READ_TIMEOUT + "; log tail:\n" + child.logTail(40));
            }
            for (String line : child.log().split("\\R")) {
                if (line.contains(" WARN ") || line.contains(" ERROR ") || line.contains("Exception")) {
                    out("  " + child.name() + ": " + line.trim());
                }
            }
            return values(child, resultWord);
        } finally {
            child.close();
        }
    }

    /** The key=value pairs of the child's line that starts with {@code word}. */
    private static Map<String, Double> values(ChildJvm child, String word) {
        String line = Arrays.stream(child.log().split("\\R")).filter(l -> l.startsWith(word)).reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError(child + " printed no '" + word + "' line; log tail:\n" + child.logTail(40)));
        Map<String, Double> values = new LinkedHashMap<>();
        for (String pair : line.substring(word.length()).trim().split("\\s+")) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], Double.parseDouble(kv[1]));
        }
        return values;
    }

    /** One store under test: its config, its disk use, and what to remove afterwards. */
    private record Target(String name, String label, Path dir, Map<String, String> config, DiskUse disk,
                          Runnable cleanup) implements AutoCloseable {
        interface DiskUse {
            String measure() throws Exception;
        }

        static Target of(String name, Map<String, String> extraConfig, boolean keep) {
            Path dir = ItDirs.newDir("scale-" + name);
            Path storePath = dir.resolve("store");
            Map<String, String> config = new LinkedHashMap<>();
            config.put(NamesrvConfig.STORE_PATH.name(), storePath.toString());
            Runnable removeStore = () -> {
                if (!keep) {
                    deleteTree(storePath);
                }
            };
            Target target = switch (name) {
                case "chronicle" -> {
                    config.put(NamesrvConfig.STORE_TYPE.name(), "chronicle");
                    yield new Target(name, "chronicle", dir, config, () -> du(storePath), removeStore);
                }
                case "h2" -> {
                    config.put(NamesrvConfig.STORE_TYPE.name(), "jdbc");
                    yield new Target(name, "jdbc H2 (file)", dir, config, () -> du(storePath), removeStore);
                }
                case "postgresql" -> {
                    Server server = Server.of("postgres", "jdbc:postgresql://127.0.0.1:5432/test", "postgres");
                    String schema = "scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                    server.execute("CREATE SCHEMA " + schema);
                    config.put(NamesrvConfig.STORE_TYPE.name(), "jdbc");
                    config.put("jdbcUrl", server.url() + (server.url().contains("?") ? "&" : "?") + "currentSchema=" + schema);
                    config.put("jdbcUser", server.user());
                    config.put("jdbcPassword", server.password());
                    yield new Target(name, "jdbc PostgreSQL", dir, config, () -> server.postgresSize(schema), () -> {
                        removeStore.run();
                        if (!keep) {
                            server.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                        }
                    });
                }
                case "mariadb" -> {
                    Server server = Server.of("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root");
                    String database = "scale_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                    server.execute("CREATE DATABASE " + database);
                    config.put(NamesrvConfig.STORE_TYPE.name(), "jdbc");
                    config.put("jdbcUrl", server.url().replaceFirst("^(jdbc:[a-z]+://[^/]+/)[^?]*", "$1" + database));
                    config.put("jdbcUser", server.user());
                    config.put("jdbcPassword", server.password());
                    yield new Target(name, "jdbc MariaDB", dir, config, () -> server.mariadbSize(database), () -> {
                        removeStore.run();
                        if (!keep) {
                            server.execute("DROP DATABASE IF EXISTS " + database);
                        }
                    });
                }
                default -> throw new IllegalArgumentException("bench.scale.stores: chronicle, h2, postgresql or mariadb,"
                    + " not " + name);
            };
            target.config().putAll(extraConfig);
            return target;
        }

        String diskUse() {
            try {
                return disk.measure();
            } catch (Exception e) {
                return "unknown (" + e + ")";
            }
        }

        @Override
        public void close() {
            cleanup.run();
        }
    }

    /** A database server the bench makes its own schema or database in. */
    private record Server(String url, String user, String password) {
        static Server of(String property, String defaultUrl, String defaultUser) {
            return new Server(System.getProperty("bench.scale." + property + "Url", defaultUrl),
                System.getProperty("bench.scale." + property + "User", defaultUser),
                System.getProperty("bench.scale." + property + "Password", ""));
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        void execute(String sql) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(sql + " failed at " + url, e);
            }
        }

        /** Tables, indexes and TOAST of the schema, as PostgreSQL counts them. */
        String postgresSize(String schema) throws SQLException {
            try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0), COALESCE(SUM(pg_indexes_size(c.oid)), 0)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = ? AND c.relkind = 'r'")) {
                statement.setString(1, schema);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return mib(rows.getLong(1)) + " (indexes " + mib(rows.getLong(2)) + ")";
                }
            }
        }

        /** The database's files in the server's data directory, or InnoDB's estimate where they cannot be read. */
        String mariadbSize(String database) throws Exception {
            try (Connection connection = connect(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT @@datadir")) {
                rows.next();
                Path files = Path.of(rows.getString(1)).resolve(database);
                if (Files.isReadable(files)) {
                    return du(files);
                }
            }
            try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT COALESCE(SUM(data_length + index_length), 0) FROM information_schema.tables WHERE table_schema = ?")) {
                statement.setString(1, database);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return mib(rows.getLong(1)) + " (InnoDB's estimate)";
                }
            }
        }
    }

    /** Allocated on disk (du) and apparent size (sparse Chronicle files are larger than what they take). */
    private static String du(Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        process.waitFor();
        long allocatedKib = Long.parseLong(output.split("\\s+")[0]);
        long apparent;
        try (Stream<Path> files = Files.walk(dir)) {
            apparent = files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
        return mib(allocatedKib * 1024) + " (files " + mib(apparent) + ")";
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(String store, String disk, Map<String, Double> written, Map<String, Double> loaded,
                          Map<String, Double> booted) {
        static String table(List<Result> results) {
            String[] header = {"store", "on disk", "rows/entries read back", "write all (s)", "open (ms)",
                "loadRoutes (ms)", "open+load (ms)", "open+server load (ms)", "heap after load (MiB)",
                "1-topic apply median / p90 (ms)"};
            List<String[]> lines = new ArrayList<>();
            lines.add(header);
            for (Result r : results) {
                long rows = (long) (r.loaded.get("queueEntries") + r.loaded.get("brokers") + r.loaded.get("clusterMembers")
                    + r.loaded.get("live"));
                lines.add(new String[] {r.store, r.disk,
                    String.format(Locale.ROOT, "%,d (%,d queue)", rows, r.loaded.get("queueEntries").longValue()),
                    String.format(Locale.ROOT, "%.1f", r.written.get("writeMillis") / 1000),
                    String.format(Locale.ROOT, "%,.0f", r.loaded.get("openMillis")),
                    String.format(Locale.ROOT, "%,.0f", r.loaded.get("loadMillis")),
                    String.format(Locale.ROOT, "%,.0f", r.loaded.get("openMillis") + r.loaded.get("loadMillis")),
                    String.format(Locale.ROOT, "%,.0f", r.booted.get("openMillis") + r.booted.get("serverLoadMillis")),
                    String.format(Locale.ROOT, "%,.0f", r.loaded.get("heapMiB")),
                    String.format(Locale.ROOT, "%.3f / %.3f", r.written.get("applyMedianMillis"),
                        r.written.get("applyP90Millis"))});
            }
            int[] width = new int[header.length];
            for (String[] line : lines) {
                for (int i = 0; i < line.length; i++) {
                    width[i] = Math.max(width[i], line[i].length());
                }
            }
            StringBuilder out = new StringBuilder();
            for (int n = 0; n < lines.size(); n++) {
                StringBuilder row = new StringBuilder("|");
                for (int i = 0; i < header.length; i++) {
                    String cell = lines.get(n)[i];
                    row.append(' ').append(cell).append(" ".repeat(width[i] - cell.length())).append(" |");
                }
                out.append(row).append(System.lineSeparator());
                if (n == 0) {
                    StringBuilder rule = new StringBuilder("|");
                    for (int w : width) {
                        rule.append("-".repeat(w + 2)).append('|');
                    }
                    out.append(rule).append(System.lineSeparator());
                }
            }
            return out.toString();
        }
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static Map<String, String> keyValues(String list) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : split(list)) {
            String[] kv = pair.split("=", 2);
            values.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return values;
    }

    private static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
