package io.namesrv.dist.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * A real Apache RocketMQ 5.4.0 broker ({@code org.apache.rocketmq.broker.BrokerStartup -c
 * broker.conf}) in a child JVM: master (brokerId 0), {@code brokerIP1=127.0.0.1}, on a free port
 * block (listenPort - 2 fast remoting, listenPort, listenPort + 1 HA), with a small store under its
 * work directory.
 *
 * <p>{@link Builder#start()} returns once the broker printed "boot success", its port accepts
 * connections and (unless turned off) the name server lists it in the cluster info.
 *
 * <p>Useful extra config keys (BrokerConfig): {@code registerNameServerPeriod} (ms, clamped by the
 * broker to 10 s .. 60 s), {@code enableSlaveActingMaster=true} (only then does the broker send
 * {@code heartbeatTimeoutMillis} = {@code brokerNotActiveTimeoutMillis} in REGISTER_BROKER and a
 * heartbeat every {@code brokerHeartbeatInterval} ms), {@code compatibleWithOldNameSrv} (true: that
 * heartbeat is QUERY_DATA_VERSION; false: BROKER_HEARTBEAT), {@code forceRegister}.
 *
 * <p>{@link Builder#classpath(List)} and {@link Builder#jvmArgs(String...)} run another RocketMQ
 * version's {@code BrokerStartup} instead (see {@code Rocketmq497CompatIT}).
 */
public final class BrokerProcess implements AutoCloseable {

    public static final String MAIN_CLASS = "org.apache.rocketmq.broker.BrokerStartup";
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(60);

    private final ChildJvm jvm;
    private final String clusterName;
    private final String brokerName;
    private final int port;
    private final Path workDir;

    private BrokerProcess(ChildJvm jvm, String clusterName, String brokerName, int port, Path workDir) {
        this.jvm = jvm;
        this.clusterName = clusterName;
        this.brokerName = brokerName;
        this.port = port;
        this.workDir = workDir;
    }

    public static Builder builder(String namesrvAddr) {
        return new Builder(namesrvAddr);
    }

    /** {@code 127.0.0.1:listenPort}, the address the broker registers. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String clusterName() {
        return clusterName;
    }

    public String brokerName() {
        return brokerName;
    }

    public ChildJvm jvm() {
        return jvm;
    }

    public Path workDir() {
        return workDir;
    }

    /** SIGSTOP: the broker freezes, its connections stay open, it stops heartbeating. */
    public void suspend() {
        jvm.suspend();
    }

    /** SIGCONT. */
    public void resume() {
        jvm.resume();
    }

    /**
     * SIGTERM (the broker's shutdown hook unregisters it from the name server), waiting up to 30 s,
     * then SIGKILL. Returns the exit code.
     */
    public int stop() {
        return jvm.stop(ChildJvm.DEFAULT_STOP_GRACE);
    }

    /** SIGTERM without waiting: the broker starts its graceful shutdown (UNREGISTER_BROKER first). */
    public void terminate() {
        jvm.terminate();
    }

    /** SIGKILL (for cleanup when a graceful shutdown is not what is being tested; it takes ~10 s). */
    public void kill() {
        jvm.kill();
    }

    /** Graceful stop (bounded); a no-op if the broker has already exited. */
    @Override
    public void close() {
        jvm.close();
    }

    @Override
    public String toString() {
        return "broker " + clusterName + "/" + brokerName + "@" + address() + " " + jvm;
    }

    /** Whether {@code info} lists this broker: cluster -> broker name, broker name -> id 0 -> address. */
    public boolean isListedIn(ClusterInfo info) {
        if (info == null || info.getClusterAddrTable() == null || info.getBrokerAddrTable() == null) {
            return false;
        }
        var names = info.getClusterAddrTable().get(clusterName);
        BrokerData data = info.getBrokerAddrTable().get(brokerName);
        return names != null && names.contains(brokerName)
            && data != null && address().equals(data.getBrokerAddrs().get(0L));
    }

    /** Polls the name server's cluster info (bounded) until it lists this broker. */
    public void awaitRegistered(DefaultMQAdminExt admin, Duration timeout) {
        Await.until(this + " listed in the cluster info", timeout,
            () -> {
                jvm.assertAlive();
                return admin.examineBrokerClusterInfo();
            },
            this::isListedIn);
    }

    /** Configures and starts a {@link BrokerProcess}. */
    public static final class Builder {
        private final String namesrvAddr;
        private String clusterName = "DefaultCluster";
        private String brokerName = "broker-a";
        private final Map<String, String> extraConfig = new LinkedHashMap<>();
        private String maxHeap = "384m";
        private boolean awaitRegistration = true;
        private List<String> classpath;
        private final List<String> extraJvmArgs = new ArrayList<>();
        private String addressServerDomain;

        private Builder(String namesrvAddr) {
            this.namesrvAddr = Objects.requireNonNull(namesrvAddr);
        }

        public Builder cluster(String name) {
            clusterName = name;
            return this;
        }

        public Builder brokerName(String name) {
            brokerName = name;
            return this;
        }

        /** An extra broker.conf entry (BrokerConfig / MessageStoreConfig / Netty config key). */
        public Builder config(String key, String value) {
            extraConfig.put(key, value);
            return this;
        }

        public Builder maxHeap(String value) {
            maxHeap = value;
            return this;
        }

        /**
         * The broker JVM's classpath (default: the test JVM's, i.e. RocketMQ 5.4.0), e.g. another
         * RocketMQ version's jars.
         */
        public Builder classpath(List<String> entries) {
            classpath = new ArrayList<>(entries);
            return this;
        }

        /** Extra JVM options, after the default heap / GC options (e.g. {@code --add-opens ...}). */
        public Builder jvmArgs(String... values) {
            extraJvmArgs.addAll(Arrays.asList(values));
            return this;
        }

        /**
         * The broker finds its name servers at an address server, {@code domain} being its
         * {@code host:port}, as Apache's brokers do with {@code fetchNamesrvAddrByAddressServer=true}
         * and {@code -Drocketmq.namesrv.domain}: broker.conf then names no name server, and the
         * builder's address is only where {@link #start()} waits for the registration.
         */
        public Builder namesrvFromAddressServer(String domain) {
            addressServerDomain = domain;
            return this;
        }

        /** Whether {@link #start()} also waits for the name server to list the broker (default true). */
        public Builder awaitRegistration(boolean value) {
            awaitRegistration = value;
            return this;
        }

        public BrokerProcess start() {
            Path dir = ItDirs.newDir("broker-" + brokerName);
            Path store = dir.resolve("store");
            int port = FreePorts.brokerPort();

            Map<String, String> conf = new LinkedHashMap<>();
            conf.put("brokerClusterName", clusterName);
            conf.put("brokerName", brokerName);
            conf.put("brokerId", "0");
            conf.put("brokerRole", "ASYNC_MASTER");
            conf.put("flushDiskType", "ASYNC_FLUSH");
            if (addressServerDomain == null) {
                conf.put("namesrvAddr", namesrvAddr);
            } else {
                conf.put("fetchNamesrvAddrByAddressServer", "true");
            }
            conf.put("listenPort", Integer.toString(port));
            conf.put("brokerIP1", "127.0.0.1");
            conf.put("brokerIP2", "127.0.0.1");
            conf.put("rocketmqHome", dir.toString());
            conf.put("storePathRootDir", store.toString());
            conf.put("storePathCommitLog", store.resolve("commitlog").toString());
            conf.put("autoCreateTopicEnable", "true");
            conf.put("autoCreateSubscriptionGroup", "true");
            // Small (sparse, memory-mapped) files: a default broker maps a 1 GiB commit log, a
            // ~420 MB index file, 6 MB per consume queue and a 100 MB timer log.
            conf.put("mappedFileSizeCommitLog", Integer.toString(64 * 1024 * 1024));
            conf.put("mappedFileSizeConsumeQueue", Integer.toString(20 * 10_000));
            conf.put("maxHashSlotNum", "10000");
            conf.put("maxIndexNum", "40000");
            conf.put("mappedFileSizeTimerLog", Integer.toString(4 * 1024 * 1024));
            conf.put("diskMaxUsedSpaceRatio", "95");
            conf.putAll(extraConfig);
            Path confFile = ConfigFiles.writeProperties(dir.resolve("broker.conf"), conf);

            ChildJvm.Builder jvmBuilder = ChildJvm.builder("broker-" + brokerName, MAIN_CLASS)
                .workDir(dir)
                .jvmArgs("-Xms128m", "-Xmx" + maxHeap, "-XX:MaxDirectMemorySize=256m",
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + dir)
                .jvmArgs(extraJvmArgs.toArray(new String[0]))
                .systemProperty("user.home", dir.toString())
                .systemProperty("rocketmq.home.dir", dir.toString())
                .systemProperty("rmq.logback.configurationFile", "rmq.broker.logback.xml")
                .args("-c", confFile.toString());
            if (classpath != null) {
                jvmBuilder.classpath(classpath);
            }
            if (addressServerDomain != null) {
                jvmBuilder.systemProperty("rocketmq.namesrv.domain", addressServerDomain);
            }
            ChildJvm jvm = jvmBuilder.start();
            BrokerProcess broker = new BrokerProcess(jvm, clusterName, brokerName, port, dir);
            try {
                jvm.awaitLog("boot success", BOOT_TIMEOUT);
                Await.condition(broker + " accepting connections", Duration.ofSeconds(10), () -> {
                    jvm.assertAlive();
                    return ConfigFiles.accepts(port);
                });
                if (awaitRegistration) {
                    try (RocketClients clients = new RocketClients(namesrvAddr)) {
                        broker.awaitRegistered(clients.admin(), REGISTER_TIMEOUT);
                    }
                }
            } catch (RuntimeException | Error e) {
                broker.close();
                throw e;
            }
            return broker;
        }
    }
}
