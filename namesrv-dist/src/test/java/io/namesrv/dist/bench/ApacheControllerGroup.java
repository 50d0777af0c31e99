package io.namesrv.dist.bench;

import io.namesrv.dist.support.ChildJvm;
import io.namesrv.dist.support.ConfigFiles;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.Teardown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Apache's own controller 5.4.0: three {@code ControllerStartup} nodes on DLedger (its default type)
 * in child JVMs, and one of our servers, its controller off, as the brokers' name server, so that
 * the route is served by the same code as with our controller.
 */
final class ApacheControllerGroup implements ControllerGroup {
    private static final String MAIN_CLASS = "org.apache.rocketmq.controller.ControllerStartup";
    private static final int NODES = 3;
    private static final Duration START_WAIT = Duration.ofSeconds(60);

    private final List<AutoCloseable> processes = new ArrayList<>();
    private final List<String> peers = new ArrayList<>();
    private final DistNamesrvProcess namesrv;

    ApacheControllerGroup() {
        for (int i = 0; i < NODES; i++) {
            peers.add("127.0.0.1:" + FreePorts.port());
        }
        try {
            namesrv = DistNamesrvProcess.start(ItDirs.newDir("bench-namesrv-apache-controller"), Map.of());
            processes.add(namesrv);
            for (int i = 0; i < NODES; i++) {
                processes.add(0, startNode(i));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private ChildJvm startNode(int node) {
        Path dir = ItDirs.newDir("bench-apache-controller-" + node);
        List<String> named = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            named.add("n" + i + "-" + peers.get(i));
        }
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("controllerDLegerGroup", "group1");
        conf.put("controllerDLegerPeers", String.join(";", named));
        conf.put("controllerDLegerSelfId", "n" + node);
        conf.put("controllerStorePath", dir.resolve("store").toString());
        conf.put("listenPort", Integer.toString(FreePorts.port()));
        conf.put("rocketmqHome", dir.toString());
        conf.put("enableElectUncleanMaster", "false");
        conf.put("notifyBrokerRoleChanged", "true");
        Path confFile = ConfigFiles.writeProperties(dir.resolve("controller.conf"), conf);
        ChildJvm jvm = ChildJvm.builder("apache-controller-" + node, MAIN_CLASS)
            .workDir(dir)
            .jvmArgs("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC")
            .systemProperty("user.home", dir.toString())
            .systemProperty("rocketmq.home.dir", dir.toString())
            .systemProperty("rmq.logback.configurationFile", "rmq.controller.logback.xml")
            .args("-c", confFile.toString())
            .start();
        String peer = peers.get(node);
        jvm.awaitListening("Apache's controller", Integer.parseInt(peer.substring(peer.lastIndexOf(':') + 1)), START_WAIT);
        return jvm;
    }

    @Override
    public String describe() {
        return "Apache's 5.4.0 (DLedger)";
    }

    @Override
    public String namesrvAddr() {
        return namesrv.address();
    }

    @Override
    public String controllerAddr() {
        return String.join(";", peers);
    }

    @Override
    public String firstController() {
        return peers.get(0);
    }

    @Override
    public void close() {
        try {
            Teardown.closeAll(processes.toArray(new AutoCloseable[0]));
        } catch (Exception e) {
            throw new IllegalStateException("stopping Apache's controller nodes", e);
        }
    }
}
