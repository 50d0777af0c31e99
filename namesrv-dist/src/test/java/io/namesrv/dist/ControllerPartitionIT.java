package io.namesrv.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ControllerNodes;
import io.namesrv.dist.support.ControllerQueries;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.LoopbackPartitions;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.Teardown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.remoting.protocol.body.BrokerReplicasInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Network partitions between the nodes of our controller (three of our servers, SOFAJRaft), with
 * three real 5.4.0 brokers of one group in controller mode, which reach every node throughout: the
 * Raft traffic between nodes is cut with {@link LoopbackPartitions} (iptables, each node in a group
 * id of its own), then healed. Run by the controller-faults profile; needs root.
 *
 * <ol>
 *   <li>A follower cut off from both others: the leader, the master and its epoch stay; healed, the
 *       follower names the same leader.</li>
 *   <li>The leader cut off from both others: the two elect a leader, which replaces the master
 *       killed meanwhile; the old leader steps down; healed, it follows, and the master stays.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControllerPartitionIT {
    private static final String CLUSTER = "PartitionCluster";
    private static final String BROKER = "partition-broker-a";
    private static final int NODES = 3;
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Several election timeouts (1 s): long enough for a cut-off node to have done whatever it would do. */
    private static final long SETTLE_MILLIS = 5_000;

    private static final List<DistNamesrvProcess> servers = new ArrayList<>();
    private static final List<String> serverAddrs = new ArrayList<>();
    private static final List<String> controllerAddrs = new ArrayList<>();
    private static final List<Integer> raftPorts = new ArrayList<>();
    private static final Map<String, BrokerProcess> brokersByAddr = new LinkedHashMap<>();
    private static LoopbackPartitions partitions;
    private static RocketClients clients;
    private static DefaultMQAdminExt admin;

    @BeforeAll
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    static void startControllersAndBrokers() {
        String unavailable = LoopbackPartitions.unavailableBecause();
        assumeTrue(unavailable == null, "partitions cannot be made here: " + unavailable);
        partitions = new LoopbackPartitions();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ports.add(FreePorts.port());
            serverAddrs.add("127.0.0.1:" + ports.get(i));
            controllerAddrs.add("127.0.0.1:" + FreePorts.port());
            raftPorts.add(FreePorts.port());
        }
        List<String> raftPeers = raftPorts.stream().map(port -> "127.0.0.1:" + port).toList();
        for (int i = 0; i < NODES; i++) {
            Path dir = ItDirs.newDir("partition-controller-" + i);
            Map<String, String> config = ControllerNodes.config(i, raftPeers, controllerAddrs, dir);
            servers.add(DistNamesrvProcess.start(dir, ports.get(i), config, partitions.launcher(i)));
        }
        clients = new RocketClients(String.join(";", serverAddrs));
        admin = clients.admin();
        ControllerQueries.awaitLeader(admin, controllerAddrs);
        for (int i = 0; i < NODES; i++) {
            BrokerProcess broker = ControllerNodes.startBroker(String.join(";", serverAddrs), CLUSTER, BROKER,
                String.join(";", controllerAddrs), i == 0);
            brokersByAddr.put(broker.address(), broker);
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        List<AutoCloseable> steps = new ArrayList<>();
        brokersByAddr.values().forEach(broker -> steps.add(Teardown.killing(broker)));
        steps.add(clients);
        servers.forEach(server -> steps.add(server::close));
        steps.add(partitions);
        Teardown.closeAll(steps.toArray(new AutoCloseable[0]));
    }

    @Test
    @Order(1)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFollowerCutOffChangesNothing() throws Exception {
        BrokerReplicasInfo.ReplicasInfo before = Await.until("three members in the SyncStateSet", WAIT,
            () -> syncState(), info -> info != null && info.getInSyncReplicas().size() == NODES);
        String leader = ControllerQueries.awaitLeader(admin, controllerAddrs);
        int follower = (controllerAddrs.indexOf(leader) + 1) % NODES;

        cutOff(follower);
        try {
            Thread.sleep(SETTLE_MILLIS);
            List<String> majority = new ArrayList<>(controllerAddrs);
            majority.remove(follower);
            assertEquals(leader, ControllerQueries.awaitLeader(admin, majority), "the majority keeps its leader");
            BrokerReplicasInfo.ReplicasInfo during = syncState();
            assertEquals(before.getMasterAddress(), during.getMasterAddress());
            assertEquals(before.getMasterEpoch(), during.getMasterEpoch());
        } finally {
            partitions.healAll();
        }
        Await.until("the healed follower naming the leader", WAIT,
            () -> admin.getControllerMetaData(controllerAddrs.get(follower)).getControllerLeaderAddress(), leader::equals);
        Thread.sleep(SETTLE_MILLIS);
        assertEquals(leader, ControllerQueries.awaitLeader(admin, controllerAddrs), "the healed follower deposed nobody");
        assertEquals(before.getMasterEpoch(), syncState().getMasterEpoch());
        log("follower " + controllerAddrs.get(follower) + " cut off for " + SETTLE_MILLIS + " ms and healed: leader "
            + leader + " and master epoch " + before.getMasterEpoch() + " unchanged");
    }

    @Test
    @Order(2)
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theLeaderCutOffIsReplacedAndFollowsOnceHealed() throws Exception {
        BrokerReplicasInfo.ReplicasInfo before = Await.until("three members in the SyncStateSet", WAIT,
            () -> syncState(), info -> info != null && info.getInSyncReplicas().size() == NODES);
        String oldLeader = ControllerQueries.awaitLeader(admin, controllerAddrs);
        int node = controllerAddrs.indexOf(oldLeader);
        List<String> majority = new ArrayList<>(controllerAddrs);
        majority.remove(oldLeader);

        long cut = System.nanoTime();
        cutOff(node);
        String newLeader;
        BrokerReplicasInfo.ReplicasInfo elected;
        try {
            newLeader = ControllerQueries.awaitLeader(admin, majority);
            log("leader " + oldLeader + " cut off -> leader " + newLeader + " after " + millisSince(cut) + " ms");
            String oldMaster = before.getMasterAddress();
            long killed = System.nanoTime();
            brokersByAddr.remove(oldMaster).kill();
            Map<Long, String> route = Await.until("a new master in our route", WAIT, Duration.ofMillis(50),
                () -> ControllerQueries.brokerAddrs(admin.examineBrokerClusterInfo(), BROKER),
                addrs -> addrs.get(0L) != null && !oldMaster.equals(addrs.get(0L)));
            log("with the old leader cut off, kill -9 of master " + oldMaster + " -> " + route.get(0L) + " in our route after "
                + millisSince(killed) + " ms");
            elected = ControllerQueries.syncState(admin, newLeader, BROKER);
            assertEquals(route.get(0L), elected.getMasterAddress(), "the majority's leader elected the route's master");
            Await.until("the old leader stepped down", WAIT,
                () -> admin.getControllerMetaData(oldLeader).isLeader(), isLeader -> !isLeader);
        } finally {
            partitions.healAll();
        }
        Await.until("the healed old leader naming the new one", WAIT,
            () -> admin.getControllerMetaData(oldLeader).getControllerLeaderAddress(), newLeader::equals);
        Thread.sleep(SETTLE_MILLIS);
        String leader = ControllerQueries.awaitLeader(admin, controllerAddrs);
        assertNotEquals(oldLeader, leader, "the healed old leader follows");
        BrokerReplicasInfo.ReplicasInfo after = syncState();
        assertEquals(elected.getMasterAddress(), after.getMasterAddress(), "the master elected during the cut stays");
        assertEquals(elected.getMasterEpoch(), after.getMasterEpoch(), "no election after the heal");
        assertTrue(after.getMasterEpoch() > before.getMasterEpoch());
        log("healed: " + oldLeader + " follows " + leader + "; master " + after.getMasterAddress() + ", epoch "
            + after.getMasterEpoch());
    }

    /** Cuts the Raft traffic between {@code node} and every other node, both ways. */
    private static void cutOff(int node) {
        for (int other = 0; other < NODES; other++) {
            if (other != node) {
                partitions.dropFromTo(node, raftPorts.get(other));
                partitions.dropFromTo(other, raftPorts.get(node));
            }
        }
    }

    private static BrokerReplicasInfo.ReplicasInfo syncState() throws Exception {
        return ControllerQueries.syncState(admin, ControllerQueries.awaitLeader(admin, controllerAddrs), BROKER);
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static void log(String message) {
        System.out.println("[ControllerPartitionIT] " + message);
    }
}
