package io.namesrv.controller;

import io.namesrv.controller.live.BrokerIdentity;
import io.namesrv.controller.live.BrokerLiveTable;
import io.namesrv.controller.live.Heartbeat;
import io.namesrv.controller.raft.RaftReplication;
import io.namesrv.controller.state.BrokerGroup;
import io.namesrv.controller.state.ControllerCommand;
import io.namesrv.controller.state.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;

/**
 * The RocketMQ 5 controller on one node: the requests brokers and mqadmin send, answered from the
 * replicated state (changes on the leader only), the heartbeats this node hears, and the
 * notifications of a new master. Elections the controller starts itself are the
 * {@link InactiveMasterWatch}'s.
 */
public final class Controller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Controller.class);

    private final ControllerConfig config;
    private final BrokerLiveTable liveTable;
    private final RaftReplication raft;
    private final RoleChangeNotifier notifier;
    private final InactiveMasterWatch watch;

    public Controller(ControllerConfig config, Clock clock, RoleChangeNotifier notifier) {
        this.config = config;
        this.liveTable = new BrokerLiveTable(clock);
        this.notifier = notifier;
        this.watch = new InactiveMasterWatch(this, liveTable, clock, config.get(ControllerConfig.SCAN_INACTIVE_MASTER_INTERVAL));
        this.raft = new RaftReplication(config, watch);
        watch.start();
    }

    public ControllerConfig config() {
        return config;
    }

    public boolean isLeader() {
        return raft.isLeader();
    }

    /** Where this node serves the controller's requests: the port of its entry in {@code jRaftControllerRPCAddr}. */
    public int requestPort() {
        return raft.requestPort();
    }

    /** CONTROLLER_NOT_LEADER, naming the leader: the answer to every request but metadata and heartbeats on a follower. */
    public Outcome notLeader() {
        return raft.notLeader();
    }

    public ControllerMetadata metadata() {
        String leaderAddress = raft.leaderRpcAddress();
        StringBuilder peers = new StringBuilder();
        raft.rpcAddresses().forEach(address -> peers.append(address).append(';'));
        return new ControllerMetadata(raft.groupId(), raft.leaderId(), leaderAddress == null ? "" : leaderAddress,
            raft.isLeader(), peers.toString());
    }

    public void onHeartbeat(Heartbeat heartbeat) {
        liveTable.onHeartbeat(heartbeat);
    }

    /** A connection closed: the brokers that sent heartbeats over it are gone; a master among them is replaced. */
    public void connectionClosed(Object connection) {
        List<BrokerIdentity> gone = liveTable.connectionClosed(connection);
        if (!gone.isEmpty()) {
            log.info("Connection of {} closed", gone);
            watch.brokersInactive(gone);
        }
    }

    public long nextBrokerId(String brokerName) {
        return raft.read(state -> state.nextBrokerId(brokerName));
    }

    /** The group of a broker name, null when the controller does not know it. */
    public BrokerGroup group(String brokerName) {
        return raft.read(state -> state.group(brokerName));
    }

    public boolean isAlive(BrokerIdentity broker) {
        return liveTable.isAlive(broker);
    }

    public List<ReplicaStatus> replicaStatuses(List<String> brokerNames) {
        List<ReplicaStatus> statuses = new ArrayList<>();
        for (String brokerName : brokerNames) {
            BrokerGroup group = group(brokerName);
            if (group != null) {
                statuses.add(new ReplicaStatus(group, liveTable.aliveIds(group.clusterName(), brokerName)));
            }
        }
        return statuses;
    }

    public CompletableFuture<Outcome> applyBrokerId(String clusterName, String brokerName, long brokerId, String registerCheckCode) {
        return raft.propose(new ControllerCommand.ApplyBrokerId(clusterName, brokerName, brokerId, registerCheckCode));
    }

    public CompletableFuture<Outcome> registerBroker(String clusterName, String brokerName, long brokerId, String address) {
        return raft.propose(new ControllerCommand.RegisterBroker(clusterName, brokerName, brokerId, address,
            liveTable.aliveIds(clusterName, brokerName)));
    }

    /**
     * CONTROLLER_ELECT_MASTER from a broker (its id) or mqadmin ({@code designated} id), or from the
     * controller itself ({@code brokerId} null). A new master is announced to the group's live members.
     */
    public CompletableFuture<Outcome> electMaster(String clusterName, String brokerName, Long brokerId, boolean designated) {
        String cluster = clusterName;
        if (cluster == null || cluster.isEmpty()) {
            BrokerGroup known = group(brokerName);
            cluster = known == null ? "" : known.clusterName();
        }
        ControllerCommand.ElectMaster command = new ControllerCommand.ElectMaster(brokerName, brokerId, designated,
            config.get(ControllerConfig.ENABLE_ELECT_UNCLEAN_MASTER), liveTable.aliveMembers(cluster, brokerName));
        return raft.propose(command).thenApply(outcome -> {
            if (outcome.succeeded()) {
                log.info("Broker group {}: master is now {} ({}), master epoch {}", brokerName,
                    outcome.group().masterBrokerId(), outcome.group().masterAddress(), outcome.group().masterEpoch());
                announce(outcome.group());
            }
            return outcome;
        });
    }

    public CompletableFuture<Outcome> alterSyncStateSet(String brokerName, long masterBrokerId, int masterEpoch,
                                                        SortedSet<Long> newSyncStateSet, int syncStateSetEpoch) {
        BrokerGroup known = group(brokerName);
        Set<Long> alive = known == null ? Set.of() : liveTable.aliveIds(known.clusterName(), brokerName);
        return raft.propose(new ControllerCommand.AlterSyncStateSet(brokerName, masterBrokerId, masterEpoch,
            newSyncStateSet, syncStateSetEpoch, alive));
    }

    public CompletableFuture<Outcome> cleanBrokerData(String clusterName, String brokerName, SortedSet<Long> brokerIds,
                                                      boolean cleanLivingBroker) {
        BrokerGroup known = group(brokerName);
        String cluster = clusterName != null && !clusterName.isEmpty() ? clusterName : known == null ? "" : known.clusterName();
        return raft.propose(new ControllerCommand.CleanBrokerData(brokerName, brokerIds, cleanLivingBroker,
            liveTable.aliveIds(cluster, brokerName)));
    }

    private void announce(BrokerGroup group) {
        if (!config.get(ControllerConfig.NOTIFY_BROKER_ROLE_CHANGED)) {
            return;
        }
        Set<Long> alive = liveTable.aliveIds(group.clusterName(), group.brokerName());
        List<String> addresses = group.memberAddresses().entrySet().stream()
            .filter(member -> alive.contains(member.getKey())).map(java.util.Map.Entry::getValue).toList();
        notifier.masterChanged(group, addresses);
    }

    /** The groups this node knows, for the watch's scan. */
    List<BrokerGroup> groups() {
        return raft.read(state -> state.groups());
    }

    @Override
    public void close() {
        watch.close();
        raft.close();
    }
}
