package io.namesrv.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ChildJvm;
import io.namesrv.dist.support.ConfigFiles;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.Teardown;
import io.namesrv.dist.support.NameServerUnderTest;
import io.namesrv.dist.support.NameServers;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.Rocketmq497Classpath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.constant.PermName;
import org.apache.rocketmq.remoting.protocol.ResponseCode;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Apache RocketMQ 4.9.7 against the name server under test (ours by default; Apache's 5.4.0 with
 * {@code -Dit.namesrv=apache}): a real 4.9.7 broker, and 4.9.7's producer, push consumer and
 * DefaultMQAdminExt.
 *
 * <p>4.9.7 shares artifact ids with the 5.4.0 jars on the test classpath, so all of it runs in child
 * JVMs on its own classpath ({@link Rocketmq497Classpath}, resolved from Maven Central / the local
 * repository). The client side is {@code src/test/compat/Rocketmq497Driver.java}, run with the
 * source launcher; it prints one {@code STEP <name> OK} line per step and exits non-zero on the
 * first failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Rocketmq497CompatIT {

    private static final String CLUSTER = "Compat497Cluster";
    private static final String BROKER = "compat497-broker-a";
    private static final String BIN_CLUSTER = "Compat497BinCluster";
    private static final String BIN_BROKER = "compat497-broker-bin";
    private static final String DRIVER = "src/test/compat/Rocketmq497Driver.java";

    private static final List<String> LIGHT_STEPS = List.of("client-version", "cluster-info", "create-topic-route",
        "route-raw-current-version", "route-raw-v4_9_3", "route-missing-topic", "kv-config", "namesrv-config", "order-conf");
    private static final List<String> FULL_STEPS = List.of("client-version", "cluster-info", "create-topic-route",
        "route-raw-current-version", "route-raw-v4_9_3", "route-missing-topic", "system-topic-list", "send-messages",
        "consume-messages", "topic-list-all", "topic-list-by-cluster", "write-perm-wipe-add", "kv-config",
        "namesrv-config", "order-conf", "delete-topic-in-namesrv");

    private static List<String> classpath;
    private static Path rocketmqHome;
    private static NameServerUnderTest namesrv;
    private static BrokerProcess broker;
    private static BrokerProcess binaryBroker;
    private static RocketClients clients;

    @BeforeAll
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    static void start() {
        long t0 = System.nanoTime();
        classpath = Rocketmq497Classpath.get();
        log("resolved the RocketMQ " + Rocketmq497Classpath.VERSION + " classpath (" + classpath.size() + " jars from "
            + Rocketmq497Classpath.localRepository() + ") in " + millisSince(t0) + " ms");
        rocketmqHome = rocketmq497Home();

        namesrv = NameServers.start(ItDirs.newDir("namesrv-497"), Map.of("orderMessageEnable", "true"));
        log("started " + namesrv.describe());
        clients = new RocketClients(namesrv.address());
        long t1 = System.nanoTime();
        broker = broker497(CLUSTER, BROKER).start();
        log("started and registered the 4.9.7 " + broker + " in " + millisSince(t1) + " ms");
    }

    @AfterAll
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    static void stopAll() throws Exception {
        Teardown.closeAll(clients, Teardown.killing(binaryBroker), Teardown.killing(broker), namesrv);
    }

    /**
     * Every name server call of 4.9.7's DefaultMQAdminExt, 200 messages through a 4.9.7 producer and
     * push consumer, and GET_ROUTEINFO_BY_TOPIC by hand with version V4_9_7 and V4_9_3 (JSON header).
     */
    @Test
    @Order(1)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void clientsAndAdminOverJsonHeaders() {
        String out = runDriver("json-full", "full", namesrv.address(), broker, Duration.ofSeconds(120));
        assertSteps(out, FULL_STEPS);
        assertTrue(out.contains("serializeType=JSON"), "the driver used JSON headers");
    }

    /** Routes, KV and name server config with the binary (ROCKETMQ) header on every request. */
    @Test
    @Order(2)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void adminOverRocketmqBinaryHeaders() {
        String out = runDriver("rocketmq-light", "light", namesrv.address(), broker, Duration.ofSeconds(60),
            "-Drocketmq.serialize.type=ROCKETMQ");
        assertSteps(out, LIGHT_STEPS);
        assertTrue(out.contains("serializeType=ROCKETMQ"), "the driver used ROCKETMQ headers");
        assertTrue(out.contains("request serializeType ROCKETMQ"), "the raw route query went out with a ROCKETMQ header");
        // The response's type is not asserted: Apache's name server (4.9.7 and 5.4.0) answers in its
        // own configured type (JSON by default) whatever the request used; clients accept either.
    }

    /**
     * A 4.9.7 broker speaking the binary header, registering with a compressed body, and (with
     * {@code forceRegister=false}) asking QUERY_DATA_VERSION every 10 s before re-registering: its
     * routes work and the name server says its data version has not changed.
     */
    @Test
    @Order(3)
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void binaryCompressedBrokerRegistersAndQueriesDataVersion() throws Exception {
        long t0 = System.nanoTime();
        binaryBroker = broker497(BIN_CLUSTER, BIN_BROKER)
            .jvmArgs("-Drocketmq.serialize.type=ROCKETMQ")
            .config("compressedRegister", "true")
            .config("forceRegister", "false")
            .config("registerNameServerPeriod", "10000")
            .start();
        log("started and registered the 4.9.7 " + binaryBroker + " (ROCKETMQ, compressed) in " + millisSince(t0) + " ms");
        assertTrue(binaryBroker.jvm().log().contains("boot success. serializeType=ROCKETMQ"), "the broker uses ROCKETMQ headers");

        String out = runDriver("json-light-binary-broker", "light", namesrv.address(), binaryBroker, Duration.ofSeconds(60));
        assertSteps(out, LIGHT_STEPS);

        // The periodic registration runs 10 s after start-up, then every 10 s.
        String marker = "Query data version from name server " + namesrv.address() + " OK";
        binaryBroker.jvm().awaitLog(marker, Duration.ofSeconds(40));
        String line = binaryBroker.jvm().log().lines().filter(l -> l.contains(marker)).findFirst().orElseThrow();
        log("4.9.7 broker: " + line);
        assertTrue(line.contains("OK,changed false"), "QUERY_DATA_VERSION answered 'not changed' for an unchanged broker: " + line);
        assertTrue(binaryBroker.isListedIn(clients.admin().examineBrokerClusterInfo()), "still registered after the query");
    }

    /** SIGTERM: the 4.9.7 broker's shutdown hook sends UNREGISTER_BROKER (binary header); it is gone at once. */
    @Test
    @Order(4)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void stoppedBrokerUnregisters() throws Exception {
        if (binaryBroker == null) {
            fail("the binary broker of the previous test did not start");
        }
        String topic = RocketClients.unique("c497_unreg");
        clients.admin().createAndUpdateTopicConfig(binaryBroker.address(),
            new TopicConfig(topic, 2, 2, PermName.PERM_READ | PermName.PERM_WRITE));
        Await.until("a route for " + topic, Duration.ofSeconds(30), () -> clients.admin().examineTopicRouteInfo(topic),
            route -> route != null && !route.getQueueDatas().isEmpty());

        long t0 = System.nanoTime();
        binaryBroker.terminate();
        Await.condition(binaryBroker + " removed from the cluster info", Duration.ofSeconds(30), () -> {
            ClusterInfo info = clients.admin().examineBrokerClusterInfo();
            return !info.getBrokerAddrTable().containsKey(BIN_BROKER) && !info.getClusterAddrTable().containsKey(BIN_CLUSTER);
        });
        Await.condition("the route of " + topic + " gone", Duration.ofSeconds(30), () -> {
            try {
                return clients.admin().examineTopicRouteInfo(topic).getQueueDatas().isEmpty();
            } catch (MQClientException e) {
                return e.getResponseCode() == ResponseCode.TOPIC_NOT_EXIST;
            }
        });
        log(binaryBroker + " gone " + millisSince(t0) + " ms after SIGTERM");
        assertTrue(binaryBroker.jvm().waitFor(Duration.ofSeconds(30)), "the 4.9.7 broker exits after SIGTERM");
        String brokerLog = binaryBroker.jvm().log();
        assertTrue(brokerLog.contains("unregisterBroker OK, NamesrvAddr: " + namesrv.address()), "broker log says unregistered");
        assertFalse(brokerLog.contains("InaccessibleObjectException"), "no module-access failure in the shutdown hook");
        assertTrue(broker.isListedIn(clients.admin().examineBrokerClusterInfo()), "the other 4.9.7 broker is still registered");
    }

    /**
     * 4.9.7's AclClientRPCHook against our server with aclEnable (Apache's name server has no access
     * control): signed KV and config writes served, a wrong secret key and no signature refused.
     */
    @Test
    @Order(5)
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void adminSignaturesAreCheckedWithAccessControlOn() {
        Path dir = ItDirs.newDir("namesrv-497-acl");
        Path accounts = ConfigFiles.writeAclAccounts(dir.resolve("acl-accounts.properties"), Map.of("admin497", "secret-497"));
        try (DistNamesrvProcess aclNamesrv = DistNamesrvProcess.start(dir,
            Map.of("aclEnable", "true", "aclAccountsFile", accounts.toString()))) {
            String out = runDriver("acl", "acl", aclNamesrv.address(), broker, Duration.ofSeconds(60),
                "-Dacl.accessKey=admin497", "-Dacl.secretKey=secret-497");
            assertSteps(out, List.of("client-version", "acl-signed-kv", "acl-refused-kv", "acl-namesrv-config"));
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static BrokerProcess.Builder broker497(String cluster, String name) {
        return BrokerProcess.builder(namesrv.address())
            .cluster(cluster)
            .brokerName(name)
            .classpath(classpath)
            .jvmArgs(Rocketmq497Classpath.BROKER_JVM_ARGS.toArray(new String[0]))
            // 4.9.7 reads <rocketmqHome>/conf/logback_broker.xml (a missing file is fatal)
            .config("rocketmqHome", rocketmqHome.toString());
    }

    /** A ROCKETMQ_HOME for 4.9.7 brokers: only {@code conf/logback_broker.xml}, logging INFO to stdout. */
    private static Path rocketmq497Home() {
        Path home = ItDirs.newDir("rocketmq-" + Rocketmq497Classpath.VERSION + "-home");
        String xml = "<configuration>\n"
            + "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">\n"
            + "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5p [%t] %c{0} - %m%n</pattern></encoder>\n"
            + "  </appender>\n"
            + "  <logger name=\"RocketmqWaterMark\" level=\"WARN\"/>\n"
            + "  <root level=\"INFO\"><appender-ref ref=\"STDOUT\"/></root>\n"
            + "</configuration>\n";
        try {
            Files.createDirectories(home.resolve("conf"));
            Files.writeString(home.resolve("conf").resolve("logback_broker.xml"), xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    /**
     * Runs the 4.9.7 driver against {@code namesrvAddr} and {@code target} and returns its output; fails
     * (after killing it by PID) if it does not finish within {@code timeout}, or if it exits non-zero.
     */
    private static String runDriver(String name, String mode, String namesrvAddr, BrokerProcess target, Duration timeout,
                                    String... jvmArgs) {
        Path dir = ItDirs.newDir("driver-497-" + name);
        ChildJvm driver = ChildJvm.builder("driver-497-" + name, driverSource().toString())
            .workDir(dir)
            .classpath(classpath)
            .jvmArgs("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")
            .jvmArgs(jvmArgs)
            .systemProperty("user.home", dir.toString())
            .args("--namesrv", namesrvAddr, "--cluster", target.clusterName(), "--broker-name", target.brokerName(),
                "--broker-addr", target.address(), "--mode", mode)
            .start();
        long t0 = System.nanoTime();
        boolean exited = driver.waitFor(timeout);
        int code;
        if (exited) {
            code = driver.stop(Duration.ofSeconds(5));
        } else {
            driver.kill();
            code = -1;
        }
        String out = driver.log();
        List<String> steps = out.lines().filter(l -> l.startsWith("STEP ") || l.startsWith("FAIL ") || l.startsWith("DONE "))
            .collect(Collectors.toList());
        log(driver + " (" + String.join(" ", Arrays.asList(jvmArgs)) + " --mode " + mode + ") took " + millisSince(t0)
            + " ms, exit " + code + ":\n  " + String.join("\n  ", steps));
        if (!exited) {
            fail(driver + " did not finish within " + timeout.toSeconds() + " s and was killed; log " + driver.logFile()
                + ", tail:\n" + driver.logTail(60));
        }
        assertEquals(0, code, driver + " failed; log " + driver.logFile() + ":\n" + driver.logTail(80));
        return out;
    }

    private static void assertSteps(String out, List<String> expected) {
        List<String> missing = new ArrayList<>();
        for (String step : expected) {
            if (!out.contains("STEP " + step + " OK")) {
                missing.add(step);
            }
        }
        assertTrue(missing.isEmpty(), "steps without an OK line: " + missing + "\n" + out);
        assertTrue(out.contains("DONE " + expected.size() + " steps"), "DONE line for " + expected.size() + " steps\n" + out);
    }

    private static Path driverSource() {
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        Path file = Paths.get(base).resolve(DRIVER).toAbsolutePath();
        assertTrue(Files.isRegularFile(file), "driver source " + file);
        return file;
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static void log(String message) {
        System.out.println("[Rocketmq497CompatIT] " + message);
    }
}
