package io.namesrv.dist.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Apache RocketMQ 5.4.0's own name server ({@code org.apache.rocketmq.namesrv.NamesrvStartup -c
 * namesrv.properties}) in a child JVM, on a free port, with its KV store, config and logs in a work
 * directory under {@code target/}.
 *
 * <p>With {@code -Dit.namesrv.trace=true} the name server logs every request it receives (logger
 * {@code RocketmqNamesrv} at DEBUG, "receive request, CODE ADDR ...") to
 * {@code <workDir>/namesrv-requests.log}.
 */
public final class ApacheNamesrvProcess implements NameServerUnderTest {

    public static final String MAIN_CLASS = "org.apache.rocketmq.namesrv.NamesrvStartup";
    public static final String TRACE_PROPERTY = "it.namesrv.trace";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final ChildJvm jvm;
    private final int port;
    private final Path workDir;

    private ApacheNamesrvProcess(ChildJvm jvm, int port, Path workDir) {
        this.jvm = jvm;
        this.port = port;
        this.workDir = workDir;
    }

    /**
     * Starts the name server with {@code config} (NamesrvConfig / NettyServerConfig keys) on top of
     * {@code listenPort} (free port) and {@code kvConfigPath} (in {@code workDir}), and waits until
     * its port accepts connections.
     */
    public static ApacheNamesrvProcess start(Path workDir, Map<String, String> config) {
        int port = FreePorts.port();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listenPort", Integer.toString(port));
        props.put("kvConfigPath", workDir.resolve("kvConfig.json").toString());
        props.putAll(config);
        Path configFile = workDir.resolve("namesrv.properties");
        ConfigFiles.writeProperties(configFile, props);

        boolean trace = Boolean.getBoolean(TRACE_PROPERTY);
        String logbackConfig = "rmq.namesrv.logback.xml"; // a classpath resource of rocketmq-namesrv
        if (trace) {
            Path traceConfig = workDir.resolve("namesrv-trace.logback.xml");
            writeTraceLogbackConfig(traceConfig, workDir.resolve("namesrv-requests.log"));
            logbackConfig = traceConfig.toString();
        }

        ChildJvm jvm = ChildJvm.builder("namesrv-apache", MAIN_CLASS)
            .workDir(workDir)
            .jvmArgs("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + workDir)
            // user.home: Apache writes logs (and default store paths) under it.
            .systemProperty("user.home", workDir.toString())
            .systemProperty("rocketmq.home.dir", workDir.toString())
            // The shared classpath holds several rmq.*.logback.xml; RocketMQ would pick the broker's.
            .systemProperty("rmq.logback.configurationFile", logbackConfig)
            .args("-c", configFile.toString())
            .start();
        jvm.awaitListening("Apache name server", port, START_TIMEOUT);
        ApacheNamesrvProcess namesrv = new ApacheNamesrvProcess(jvm, port, workDir);
        return namesrv;
    }

    @Override
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    public Path workDir() {
        return workDir;
    }

    @Override
    public String describe() {
        return "Apache RocketMQ 5.4.0 name server " + jvm + " at " + address();
    }

    @Override
    public void close() {
        jvm.close();
    }

    private static void writeTraceLogbackConfig(Path file, Path logFile) {
        String xml = "<configuration>\n"
            + "  <appender name=\"FILE\" class=\"ch.qos.logback.core.FileAppender\">\n"
            + "    <file>" + logFile + "</file>\n"
            + "    <encoder><pattern>%d{HH:mm:ss.SSS} %p %t - %m%n</pattern></encoder>\n"
            + "  </appender>\n"
            + "  <logger name=\"RocketmqNamesrv\" additivity=\"false\" level=\"DEBUG\"><appender-ref ref=\"FILE\"/></logger>\n"
            + "  <logger name=\"RocketmqRemoting\" additivity=\"false\" level=\"INFO\"><appender-ref ref=\"FILE\"/></logger>\n"
            + "  <root level=\"INFO\"><appender-ref ref=\"FILE\"/></root>\n"
            + "</configuration>\n";
        try {
            Files.writeString(file, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
