package io.namesrv.dist.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The controller tests' pieces: one node's keys of our controller, and a real 5.4.0 broker in controller mode. */
public final class ControllerNodes {
    private ControllerNodes() {
    }

    /**
     * The keys of node {@code node} of one SOFAJRaft controller group, its state under {@code dir}.
     *
     * @param raftPeers every node's Raft address, in order
     * @param controllerAddrs where every node serves the controller's requests, in the same order
     */
    public static Map<String, String> config(int node, List<String> raftPeers, List<String> controllerAddrs, Path dir) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("enableControllerInNamesrv", "true");
        config.put("jRaftServerId", raftPeers.get(node));
        config.put("jRaftInitConf", String.join(",", raftPeers));
        config.put("jRaftControllerRPCAddr", String.join(",", controllerAddrs));
        config.put("controllerStorePath", dir.resolve("controller").toString());
        return config;
    }

    /**
     * Starts a broker of group {@code brokerName} in controller mode; the controller gives it its id
     * and role. Only the group's first broker registers as id 0: {@code awaitRegistration} for it.
     */
    public static BrokerProcess startBroker(String namesrvAddr, String cluster, String brokerName, String controllerAddr,
                                            boolean awaitRegistration) {
        return BrokerProcess.builder(namesrvAddr).cluster(cluster).brokerName(brokerName)
            .config("enableControllerMode", "true")
            .config("controllerAddr", controllerAddr)
            .awaitRegistration(awaitRegistration)
            .start();
    }
}
