package io.namesrv.dist.support;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.remoting.protocol.body.BrokerReplicasInfo;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;

/** What the controller tests ask, through the 5.4.0 admin: the leader, a group's SyncStateSet, a group's route. */
public final class ControllerQueries {
    private static final Duration LEADER_WAIT = Duration.ofSeconds(60);

    private ControllerQueries() {
    }

    /** Polls the nodes until one names a leader among {@code candidates}; returns it. */
    public static String awaitLeader(DefaultMQAdminExt admin, List<String> candidates) {
        return Await.until("a controller leader among " + candidates, LEADER_WAIT, Duration.ofMillis(100),
            () -> {
                for (String node : candidates) {
                    try {
                        String leader = admin.getControllerMetaData(node).getControllerLeaderAddress();
                        if (candidates.contains(leader)) {
                            return leader;
                        }
                    } catch (Exception e) {
                        // that node is down or not answering yet: ask the next
                    }
                }
                return null;
            },
            leader -> leader != null);
    }

    /** A broker group's replicas as the leader found through {@code controllerAddr} answers them. */
    public static BrokerReplicasInfo.ReplicasInfo syncState(DefaultMQAdminExt admin, String controllerAddr, String brokerName)
        throws Exception {
        return admin.getInSyncStateData(controllerAddr, List.of(brokerName)).getReplicasInfoTable().get(brokerName);
    }

    /** A broker group's addresses by broker id in a cluster info; empty when the route does not name it. */
    public static Map<Long, String> brokerAddrs(ClusterInfo info, String brokerName) {
        BrokerData data = info == null || info.getBrokerAddrTable() == null ? null : info.getBrokerAddrTable().get(brokerName);
        return data == null || data.getBrokerAddrs() == null ? Map.of() : new HashMap<>(data.getBrokerAddrs());
    }
}
