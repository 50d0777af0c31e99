package io.namesrv.dist.bench;

import io.namesrv.dist.support.ChildJvm;
import io.namesrv.dist.support.ConfigFiles;
import io.namesrv.dist.support.FreePorts;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One name server under load, in a child JVM with the JVM options the comparison gives every
 * server. It composes {@link ChildJvm} rather than using ApacheNamesrvProcess/DistNamesrvProcess
 * because those fix test-friendly JVM options (small serial-GC heap; C1 only for Apache) that
 * would make a speed comparison unfair; the rest (config, log and home directories) is the same.
 */
final class BenchServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    enum Kind {
        APACHE("Apache 5.4.0"),
        OURS("ours");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        static Kind of(String name) {
            return name.equals("apache") ? APACHE : OURS;
        }
    }

    private final Kind kind;
    private final ChildJvm jvm;
    private final int port;
    private final Path workDir;

    private BenchServer(Kind kind, ChildJvm jvm, int port, Path workDir) {
        this.kind = kind;
        this.jvm = jvm;
        this.port = port;
        this.workDir = workDir;
    }

    static BenchServer start(Kind kind, Path workDir, List<String> jvmOptions, String storeType) {
        int port = FreePorts.port();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listenPort", Integer.toString(port));
        ChildJvm.Builder builder;
        if (kind == Kind.APACHE) {
            props.put("kvConfigPath", workDir.resolve("kvConfig.json").toString());
            builder = ChildJvm.builder("bench-namesrv-apache", "org.apache.rocketmq.namesrv.NamesrvStartup")
                .systemProperty("rocketmq.home.dir", workDir.toString())
                // the classpath holds several rmq.*.logback.xml; RocketMQ would pick the broker's
                .systemProperty("rmq.logback.configurationFile", "rmq.namesrv.logback.xml");
        } else {
            props.put("storeType", storeType);
            props.put("storePath", workDir.resolve("store").toString());
            builder = ChildJvm.builder("bench-namesrv-ours", "io.namesrv.dist.NamesrvStartup")
                // what bin/namesrv gives every server, for the chronicle store (module flags only)
                .jvmArgs(ChildJvm.chronicleOptions())
                .systemProperty("logback.configurationFile", "logback.xml")
                .systemProperty("it.work.dir", workDir.toString());
        }
        Path configFile = ConfigFiles.writeProperties(workDir.resolve("namesrv.properties"), props);
        ChildJvm jvm = builder
            .workDir(workDir)
            .jvmArgs(jvmOptions.toArray(String[]::new))
            .systemProperty("user.home", workDir.toString())
            .args("-c", configFile.toString())
            .start();
        jvm.awaitListening(kind.label + " name server", port, START_TIMEOUT);
        BenchServer server = new BenchServer(kind, jvm, port, workDir);
        return server;
    }


    Kind kind() {
        return kind;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** Where its config, store and logs are. */
    Path workDir() {
        return workDir;
    }

    long pid() {
        return jvm.pid();
    }

    long cpuNanos() {
        return MachineInfo.cpuNanos(jvm.pid());
    }

    void assertAlive() {
        jvm.assertAlive();
    }

    /** Sleeps {@code d} in steps, failing at once if the server has died. */
    void pace(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            assertAlive();
            try {
                Thread.sleep(Math.max(1, Math.min(500, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    String logTail() {
        return jvm.logTail(30);
    }

    @Override
    public String toString() {
        return kind.label + " " + jvm + " at 127.0.0.1:" + port;
    }

    @Override
    public void close() {
        jvm.close();
    }
}
