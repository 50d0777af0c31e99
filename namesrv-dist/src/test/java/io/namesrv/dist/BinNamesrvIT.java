package io.namesrv.dist;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.ConfigFiles;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.ItDirs;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The assembled distribution as an operator runs it: {@code namesrv-dist/target/namesrv/bin/namesrv}
 * with its flags, in the foreground, stopped by SIGTERM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BinNamesrvIT {
    private static final Path HOME = Path.of(System.getProperty("namesrv.home", "target/namesrv"));

    /** Where the Temurin 25 package installs; the Java 25 test is skipped on a machine without it. */
    private static final Path JAVA_25_HOME = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private static Process launch(Path workDir, String... args) throws IOException {
        return command(workDir, args).redirectErrorStream(true).start();
    }

    /** bin/namesrv with {@code args} in {@code workDir}, its stdout to out.log. */
    private static ProcessBuilder command(Path workDir, String... args) {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/namesrv").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
            .redirectOutput(workDir.resolve("out.log").toFile());
        builder.environment().put("JAVA_OPTS", "-Xmx128m -XX:+UseSerialGC");
        builder.environment().put("NAMESRV_LOG_DIR", workDir.resolve("logs").toString());
        return builder;
    }

    private static void assertServesAnEmptyCluster(int port) throws Exception {
        DefaultMQAdminExt admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr("127.0.0.1:" + port);
        admin.setInstanceName("bin-namesrv-it-" + ProcessHandle.current().pid());
        admin.start();
        try {
            ClusterInfo info = admin.examineBrokerClusterInfo();
            assertTrue(info.getBrokerAddrTable().isEmpty());
        } finally {
            admin.shutdown();
        }
    }

    private static String output(Path workDir) throws IOException {
        return Files.readString(workDir.resolve("out.log"), StandardCharsets.UTF_8);
    }

    private static int finish(Process process) throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/namesrv (pid " + process.pid() + ") did not exit within 60 s");
        }
        return process.exitValue();
    }

    @Test
    void namesrvStopEndsTheServerStartedFromTheSameTree() throws Exception {
        Path dir = ItDirs.newDir("bin-stop");
        Process process = launch(dir, "--listenPort=" + FreePorts.port(), "--bindAddress=127.0.0.1");
        try {
            Await.condition("bin/namesrv boot line", Duration.ofSeconds(60),
                () -> output(dir).contains("The Name Server boot success"));
            Process stop = new ProcessBuilder(HOME.resolve("bin/namesrv-stop").toString()).redirectErrorStream(true).start();
            assertEquals(0, finish(stop));
            String said = new String(stop.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(said.contains("Stopping name server (pid " + process.pid() + ")"), said);
            assertTrue(said.contains("Name server stopped"), said);
            assertEquals(143, finish(process));
            assertTrue(output(dir).contains("Name server stopped"), output(dir));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theTarballHoldsTheSameTree() throws Exception {
        Path target = HOME.toAbsolutePath().getParent();
        Path tarball;
        try (var files = Files.list(target)) {
            tarball = files.filter(f -> f.getFileName().toString().matches("namesrv-.+\\.tar\\.gz")).findFirst()
                .orElseThrow(() -> new AssertionError("no namesrv-<version>.tar.gz in " + target));
        }
        Process list = new ProcessBuilder("tar", "-tzf", tarball.toString()).redirectErrorStream(true).start();
        String entries = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, finish(list));
        String base = tarball.getFileName().toString().replace(".tar.gz", "");
        for (String entry : List.of("bin/namesrv", "bin/namesrv-stop", "conf/namesrv.properties", "conf/logback.xml",
            "monitoring/grafana-dashboard.json", "monitoring/prometheus-alerts.yml", "lib/namesrv-core-")) {
            assertTrue(entries.contains(base + "/" + entry), entry + " in " + tarball + ":\n" + entries);
        }
    }

    @Test
    void printsTheEffectiveConfigWithOverrides() throws Exception {
        Path dir = ItDirs.newDir("bin-print");
        Path file = ConfigFiles.writeProperties(dir.resolve("namesrv.properties"), Map.of("orderMessageEnable", "true"));
        assertEquals(0, finish(launch(dir, "-c", file.toString(), "-p", "--listenPort=19999")));
        String out = output(dir);
        assertTrue(out.contains("listenPort=19999\n"), out);
        assertTrue(out.contains("orderMessageEnable=true\n"), out);
        assertTrue(out.contains("storeType=memory\n"), out);
    }

    @Test
    void refusesABadFlagAndAnUnknownStore() throws Exception {
        Path dir = ItDirs.newDir("bin-bad-flag");
        assertEquals(2, finish(launch(dir, "--listenPort")));
        assertTrue(output(dir).contains("namesrv: unknown argument '--listenPort'"), output(dir));

        Path dir2 = ItDirs.newDir("bin-bad-store");
        assertEquals(1, finish(launch(dir2, "--storeType=nope", "--listenPort=" + FreePorts.port())));
        assertTrue(output(dir2).contains("unknown storeType 'nope'; available stores: "), output(dir2));
        assertTrue(output(dir2).contains("memory"), output(dir2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "chronicle", "jdbc"})
    void servesClientsAndStopsGracefullyOnSigterm(String storeType) throws Exception {
        Path dir = ItDirs.newDir("bin-run-" + storeType);
        int port = FreePorts.port();
        Process process = launch(dir, "--listenPort=" + port, "--bindAddress=127.0.0.1", "--storeType=" + storeType,
            "--storePath=" + dir.resolve("store"));
        try {
            Await.condition("bin/namesrv boot line", Duration.ofSeconds(60),
                () -> output(dir).contains("The Name Server boot success"));
            assertServesAnEmptyCluster(port);

            process.destroy();
            assertEquals(143, finish(process), "the JVM exits as SIGTERM asks, after its shutdown hook");
            String out = output(dir);
            assertTrue(out.contains("Name server shutting down"), out);
            assertTrue(out.contains("Name server stopped"), out);
            assertTrue(!out.contains("WARNING: An illegal reflective access") && !out.contains("InaccessibleObjectException"),
                "the store runs with the JVM options bin/namesrv gives it:\n" + out);
            assertTrue(Files.readString(dir.resolve("logs/namesrv.log")).contains("boot success"), "the rolling file log");
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Java 25 warns on stderr, at start, about native code loaded by netty and jffi and about
     * sun.misc.Unsafe's memory methods, unless bin/namesrv passes the options that allow them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "chronicle", "jdbc"})
    void startsOnJava25WithNothingOnStderr(String storeType) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JAVA_25_HOME.resolve("bin/java")),
            "no Java 25 at " + JAVA_25_HOME + ": bin/namesrv on Java 25 is not tested here");
        Path dir = ItDirs.newDir("bin-java25-" + storeType);
        int port = FreePorts.port();
        ProcessBuilder builder = command(dir, "--listenPort=" + port, "--bindAddress=127.0.0.1", "--storeType=" + storeType,
            "--storePath=" + dir.resolve("store")).redirectError(dir.resolve("err.log").toFile());
        builder.environment().put("JAVA_HOME", JAVA_25_HOME.toString());
        Process process = builder.start();
        try {
            Await.condition("bin/namesrv boot line", Duration.ofSeconds(60),
                () -> output(dir).contains("The Name Server boot success"));
            assertServesAnEmptyCluster(port);
            // bin/namesrv execs the JVM, which keeps the script's pid
            assertEquals(JAVA_25_HOME.resolve("bin/java").toRealPath().toString(), process.info().command().orElseThrow());
            process.destroy();
            assertEquals(143, finish(process));
            String stderr = Files.readString(dir.resolve("err.log"), StandardCharsets.UTF_8);
            assertFalse(stderr.lines().anyMatch(line -> line.startsWith("WARNING:")), "JVM warnings on stderr:\n" + stderr);
            assertEquals("", stderr, "bin/namesrv on Java 25 prints nothing but its log (on stdout)");
        } finally {
            process.destroyForcibly();
        }
    }
}
