package io.namesrv.dist.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our name server ({@code io.namesrv.dist.NamesrvStartup -c namesrv.properties}) in a child JVM on
 * the test classpath, on a free port, with its store files under the work dir. The store is the
 * system property {@code it.storeType} (default memory) unless the config names one.
 */
public final class DistNamesrvProcess implements NameServerUnderTest {

    public static final String MAIN_CLASS = "io.namesrv.dist.NamesrvStartup";
    public static final String STORE_TYPE_PROPERTY = "it.storeType";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildJvm jvm;
    private final int port;

    private DistNamesrvProcess(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /** Starts it with {@code config} on top of a free {@code listenPort}; waits until it accepts connections. */
    public static DistNamesrvProcess start(Path workDir, Map<String, String> config) {
        return start(workDir, FreePorts.port(), config);
    }

    /** Starts it on {@code port}, for a group of servers that name each other's addresses in their config. */
    public static DistNamesrvProcess start(Path workDir, int port, Map<String, String> config) {
        return start(workDir, port, config, List.of());
    }

    /** The same, the JVM run by {@code launcher} (see {@link ChildJvm.Builder#launcher}). */
    public static DistNamesrvProcess start(Path workDir, int port, Map<String, String> config, List<String> launcher) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listenPort", Integer.toString(port));
        props.put("storeType", System.getProperty(STORE_TYPE_PROPERTY, "memory"));
        props.put("storePath", workDir.resolve("store").toString());
        props.putAll(config);
        Path configFile = ConfigFiles.writeProperties(workDir.resolve("namesrv.properties"), props);

        ChildJvm jvm = ChildJvm.builder(unusedName(workDir), MAIN_CLASS)
            .workDir(workDir)
            .jvmArgs("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + workDir)
            // what bin/namesrv gives every server, for the chronicle store
            .jvmArgs(ChildJvm.chronicleOptions())
            .systemProperty("user.home", workDir.toString())
            // the server's own classpath config (console), not the test JVM's logback-test.xml
            .systemProperty("logback.configurationFile", "logback.xml")
            // if RocketMQ's shaded logback is initialised (rmq.logback-test.xml), log into workDir
            .systemProperty("it.work.dir", workDir.toString())
            .args("-c", configFile.toString())
            .launcher(launcher)
            .start();
        jvm.awaitListening("our name server", port, START_TIMEOUT);
        DistNamesrvProcess namesrv = new DistNamesrvProcess(jvm, port);
        return namesrv;
    }


    /** A restart in the same work dir keeps the earlier run's log: namesrv-dist, namesrv-dist-2, ... */
    private static String unusedName(Path workDir) {
        String name = "namesrv-dist";
        for (int run = 2; Files.exists(workDir.resolve(name + ".out.log")); run++) {
            name = "namesrv-dist-" + run;
        }
        return name;
    }

    @Override
    public String address() {
        return "127.0.0.1:" + port;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    @Override
    public String describe() {
        return "our name server (namesrv-dist) " + jvm + " at " + address();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
