package io.namesrv.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ChildJvm;
import io.namesrv.dist.support.ConfigFiles;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.Teardown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.remoting.protocol.body.BrokerReplicasInfo;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The master failover of {@link ControllerFailoverIT} with Apache's own controller 5.4.0
 * ({@code ControllerStartup}, three DLedger nodes in child JVMs) instead of ours, and our server (the
 * controller off) as the brokers' name server: the same kill -9 of the master, the same time to the
 * new master in the route, for the comparison. Run by the controller-faults profile only.
 */
class ApacheControllerFailoverComparison {
    private static final String MAIN_CLASS = "org.apache.rocketmq.controller.ControllerStartup";
    private static final String CLUSTER = "ApacheCtlCluster";
    private static final String BROKER = "apache-ctl-broker-a";
    private static final int NODES = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theMasterKilledWithApachesController() throws Exception {
        List<AutoCloseable> teardown = new ArrayList<>();
        try {
            DistNamesrvProcess namesrv = DistNamesrvProcess.start(ItDirs.newDir("namesrv-apache-ctl"), Map.of());
            teardown.add(namesrv);
            List<String> peers = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                peers.add("127.0.0.1:" + FreePorts.port());
            }
            for (int i = 0; i < NODES; i++) {
                teardown.add(0, startApacheController(i, peers));
            }
            RocketClients clients = new RocketClients(namesrv.address());
            teardown.add(0, clients);
            DefaultMQAdminExt admin = clients.admin();
            String controllers = String.join(";", peers);
            Await.until("an Apache controller leader", WAIT, () -> admin.getControllerMetaData(peers.get(0)),
                metadata -> metadata.getControllerLeaderAddress() != null && !metadata.getControllerLeaderAddress().isEmpty());

            Map<String, BrokerProcess> brokers = new LinkedHashMap<>();
            for (int i = 0; i < NODES; i++) {
                BrokerProcess broker = BrokerProcess.builder(namesrv.address()).cluster(CLUSTER).brokerName(BROKER)
                    .config("enableControllerMode", "true")
                    .config("controllerAddr", controllers)
                    .awaitRegistration(i == 0)
                    .start();
                brokers.put(broker.address(), broker);
                teardown.add(0, Teardown.killing(broker));
            }
            BrokerReplicasInfo.ReplicasInfo before = Await.until("all three brokers in the SyncStateSet", WAIT,
                () -> admin.getInSyncStateData(peers.get(0), List.of(BROKER)).getReplicasInfoTable().get(BROKER),
                info -> info != null && info.getInSyncReplicas().size() == NODES);
            String oldMaster = before.getMasterAddress();
            Await.until("the master as id 0 in our route", WAIT, () -> addrsOf(admin.examineBrokerClusterInfo()),
                addrs -> oldMaster.equals(addrs.get(0L)));

            long killed = System.nanoTime();
            brokers.get(oldMaster).kill();
            Map<Long, String> route = Await.until("a new master in our route", WAIT, Duration.ofMillis(50),
                () -> addrsOf(admin.examineBrokerClusterInfo()),
                addrs -> addrs.get(0L) != null && !oldMaster.equals(addrs.get(0L)));
            long killToRoute = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            assertTrue(brokers.containsKey(route.get(0L)));
            assertEquals(route.get(0L),
                admin.getInSyncStateData(peers.get(0), List.of(BROKER)).getReplicasInfoTable().get(BROKER).getMasterAddress());
            System.out.println("[ApacheControllerFailoverComparison] Apache's controller: kill -9 of master " + oldMaster
                + " -> new master " + route.get(0L) + " in our route after " + killToRoute + " ms");
        } finally {
            Teardown.closeAll(teardown.toArray(new AutoCloseable[0]));
        }
    }

    private static ChildJvm startApacheController(int node, List<String> peers) {
        Path dir = ItDirs.newDir("apache-controller-" + node);
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
        int port = Integer.parseInt(peers.get(node).substring(peers.get(node).lastIndexOf(':') + 1));
        jvm.awaitListening("Apache's controller", port, WAIT);
        return jvm;
    }

    private static Map<Long, String> addrsOf(ClusterInfo info) {
        BrokerData data = info == null || info.getBrokerAddrTable() == null ? null : info.getBrokerAddrTable().get(BROKER);
        return data == null || data.getBrokerAddrs() == null ? Map.of() : new HashMap<>(data.getBrokerAddrs());
    }
}
