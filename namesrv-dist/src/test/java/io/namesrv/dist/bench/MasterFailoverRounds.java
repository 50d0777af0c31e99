package io.namesrv.dist.bench;

import io.namesrv.dist.support.Await;
import io.namesrv.dist.support.BrokerProcess;
import io.namesrv.dist.support.ControllerNodes;
import io.namesrv.dist.support.ControllerQueries;
import io.namesrv.dist.support.RocketClients;
import io.namesrv.dist.support.Teardown;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.remoting.protocol.body.BrokerReplicasInfo;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/**
 * Master failovers in one broker group of three real 5.4.0 brokers in controller mode: each round
 * kills the master with SIGKILL and times the kill to the new master as broker id 0 in the route
 * (polled every 10 ms), then starts a new broker in the killed one's place and waits for the
 * SyncStateSet to hold three members again. After the last round, {@code mqadmin electMaster} of
 * the in-sync replica.
 */
final class MasterFailoverRounds {
    private static final String CLUSTER = "FailoverCluster";
    private static final String BROKER = "failover-broker-a";
    private static final int MEMBERS = 3;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration ROUTE_POLL = Duration.ofMillis(10);

    private final ControllerGroup controllers;
    private final Map<String, BrokerProcess> brokersByAddr = new LinkedHashMap<>();

    MasterFailoverRounds(ControllerGroup controllers) {
        this.controllers = controllers;
    }

    /**
     * @param killToRouteMillis each failover's time from the kill to the new master in the route
     * @param electMasterAnswer what the 5.4.0 admin made of electMaster's answer: "answered", or what it threw
     */
    record Outcome(List<Long> killToRouteMillis, String electMasterAnswer) {
    }

    Outcome run(int rounds) throws Exception {
        try (RocketClients clients = new RocketClients(controllers.namesrvAddr())) {
            DefaultMQAdminExt admin = clients.admin();
            Await.until("a controller leader", WAIT, () -> admin.getControllerMetaData(controllers.firstController()),
                metadata -> metadata.getControllerLeaderAddress() != null && !metadata.getControllerLeaderAddress().isEmpty());
            for (int i = 0; i < MEMBERS; i++) {
                startBroker(i == 0);
            }
            List<Long> millis = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                BrokerReplicasInfo.ReplicasInfo before = Await.until("three members in the SyncStateSet", WAIT,
                    () -> syncState(admin), info -> info != null && info.getInSyncReplicas().size() == MEMBERS);
                String oldMaster = before.getMasterAddress();
                Await.until("the master as id 0 in the route", WAIT, () -> addrsOf(admin.examineBrokerClusterInfo()),
                    addrs -> oldMaster.equals(addrs.get(0L)));

                LocalTime wallClock = LocalTime.now();
                long killed = System.nanoTime();
                brokersByAddr.remove(oldMaster).kill();
                Map<Long, String> route = Await.until("a new master in the route", WAIT, ROUTE_POLL,
                    () -> addrsOf(admin.examineBrokerClusterInfo()),
                    addrs -> addrs.get(0L) != null && !oldMaster.equals(addrs.get(0L)));
                long killToRoute = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                millis.add(killToRoute);
                System.out.printf("[ControllerFailoverBench] %s, round %d: kill -9 of master %s at %s -> %s in the route after %d ms%n",
                    controllers.describe(), round, oldMaster, wallClock, route.get(0L), killToRoute);
                if (round < rounds) {
                    startBroker(false);
                }
            }
            return new Outcome(millis, electTheInSyncReplica(admin));
        } finally {
            Teardown.closeAll(brokersByAddr.values().stream().map(Teardown::killing).toArray(AutoCloseable[]::new));
        }
    }

    /** Once the replica is back in sync with the master: the election the admin asks for, done in the route. */
    private String electTheInSyncReplica(DefaultMQAdminExt admin) throws Exception {
        BrokerReplicasInfo.ReplicasInfo info = Await.until("two members in the SyncStateSet", WAIT,
            () -> syncState(admin), replicas -> replicas != null && replicas.getInSyncReplicas().size() == 2);
        BrokerReplicasInfo.ReplicaIdentity replica = info.getInSyncReplicas().stream()
            .filter(member -> !member.getBrokerAddress().equals(info.getMasterAddress())).findFirst().orElseThrow();
        String answer = "answered";
        try {
            admin.electMaster(controllers.firstController(), CLUSTER, BROKER, replica.getBrokerId());
        } catch (Exception e) {
            answer = e.toString();
        }
        Await.until("the elected replica as master in the route", WAIT, () -> addrsOf(admin.examineBrokerClusterInfo()),
            addrs -> replica.getBrokerAddress().equals(addrs.get(0L)));
        System.out.printf("[ControllerFailoverBench] %s: mqadmin electMaster of %s: %s; master in the route%n",
            controllers.describe(), replica.getBrokerAddress(), answer);
        return answer;
    }

    private void startBroker(boolean awaitRegistration) {
        BrokerProcess broker = ControllerNodes.startBroker(controllers.namesrvAddr(), CLUSTER, BROKER,
            controllers.controllerAddr(), awaitRegistration);
        brokersByAddr.put(broker.address(), broker);
    }

    private BrokerReplicasInfo.ReplicasInfo syncState(DefaultMQAdminExt admin) throws Exception {
        return ControllerQueries.syncState(admin, controllers.firstController(), BROKER);
    }

    private static Map<Long, String> addrsOf(ClusterInfo info) {
        return ControllerQueries.brokerAddrs(info, BROKER);
    }
}
