package io.namesrv.controller.raft;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.RaftGroupService;
import com.alipay.sofa.jraft.conf.Configuration;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.option.NodeOptions;
import com.alipay.sofa.jraft.option.RaftOptions;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.controller.ControllerConfig;
import io.namesrv.core.config.ConfigException;
import io.namesrv.controller.state.ControllerCommand;
import io.namesrv.controller.state.ControllerState;
import io.namesrv.controller.state.Outcome;
import io.namesrv.controller.state.StateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * This node of the controller's SOFAJRaft group: proposes commands (on the leader), reads the
 * applied state, and knows the leader's request address. The Raft log, metadata and snapshots are
 * under {@code controllerStorePath}.
 */
public final class RaftReplication implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RaftReplication.class);

    private final RaftGroupService service;
    private final Node node;
    private final ControllerStateMachine stateMachine;
    private final Map<PeerId, String> rpcAddressByPeer = new HashMap<>();
    private final List<String> rpcAddresses;
    /** Where this node serves the controller's requests: its own entry in jRaftControllerRPCAddr. */
    private final int requestPort;

    public RaftReplication(ControllerConfig config, Leadership leadership) {
        PeerId self = parsePeer(config.get(ControllerConfig.JRAFT_SERVER_ID), ControllerConfig.JRAFT_SERVER_ID.name());
        Configuration peers = new Configuration();
        if (!peers.parse(config.get(ControllerConfig.JRAFT_INIT_CONF)) || peers.isEmpty()) {
            throw new ConfigException("jRaftInitConf '" + config.get(ControllerConfig.JRAFT_INIT_CONF)
                + "' is not a comma-separated list of host:port");
        }
        if (!peers.contains(self)) {
            throw new ConfigException("jRaftServerId " + self + " is not one of jRaftInitConf " + peers);
        }
        List<String> raftPeers = config.raftPeers();
        rpcAddresses = config.rpcAddresses();
        if (rpcAddresses.size() != raftPeers.size()) {
            throw new ConfigException("jRaftControllerRPCAddr names " + rpcAddresses.size() + " addresses for the "
                + raftPeers.size() + " nodes of jRaftInitConf");
        }
        for (int i = 0; i < raftPeers.size(); i++) {
            rpcAddressByPeer.put(parsePeer(raftPeers.get(i), ControllerConfig.JRAFT_INIT_CONF.name()), rpcAddresses.get(i));
        }
        requestPort = parsePeer(rpcAddressByPeer.get(self), ControllerConfig.JRAFT_CONTROLLER_RPC_ADDR.name()).getPort();

        Path storePath = Path.of(config.get(ControllerConfig.CONTROLLER_STORE_PATH));
        stateMachine = new ControllerStateMachine(leadership);
        NodeOptions options = new NodeOptions();
        options.setFsm(stateMachine);
        options.setInitialConf(peers);
        options.setElectionTimeoutMs(config.get(ControllerConfig.JRAFT_ELECTION_TIMEOUT_MS));
        options.setSnapshotIntervalSecs(config.get(ControllerConfig.JRAFT_SNAPSHOT_INTERVAL_SECS));
        options.setLogUri(directory(storePath.resolve("log")));
        options.setRaftMetaUri(directory(storePath.resolve("meta")));
        options.setSnapshotUri(directory(storePath.resolve("snapshot")));
        RaftOptions raftOptions = new RaftOptions();
        raftOptions.setSync(config.get(ControllerConfig.JRAFT_SYNC));
        options.setRaftOptions(raftOptions);
        String groupId = config.get(ControllerConfig.JRAFT_GROUP_ID);
        service = new RaftGroupService(groupId, self, options);
        node = service.start();
        log.info("Controller node {} of Raft group {} {} started; state under {}", self, groupId, peers, storePath);
    }

    /**
     * Replicates a command and completes with its outcome once applied; CONTROLLER_NOT_LEADER (with
     * the leader's address in the remark) when this node is not the leader.
     */
    public CompletableFuture<Outcome> propose(ControllerCommand command) {
        if (!node.isLeader()) {
            return CompletableFuture.completedFuture(notLeader());
        }
        CommandClosure closure = new CommandClosure();
        node.apply(new Task(ByteBuffer.wrap(StateCodec.encode(command)), closure));
        return closure.result();
    }

    /** Reads the applied state; callers check {@link #isLeader()} first for an up-to-date answer. */
    public <T> T read(Function<ControllerState, T> reader) {
        return stateMachine.read(reader);
    }

    public boolean isLeader() {
        return node.isLeader();
    }

    /** Apache's answer on a follower; the remark names the leader, which brokers learn from GET_METADATA_INFO anyway. */
    public Outcome notLeader() {
        String leader = leaderRpcAddress();
        return Outcome.refused(ResponseCode.CONTROLLER_NOT_LEADER, "The controller is not in leader state"
            + (leader == null ? "" : ", the leader is " + leader), null);
    }

    public String groupId() {
        return node.getGroupId();
    }

    /** The leader's Raft id ({@code host:port}); empty while no leader is known. */
    public String leaderId() {
        PeerId leader = node.getLeaderId();
        return leader == null || leader.isEmpty() ? "" : leader.toString();
    }

    /** Where the leader serves the controller's requests; null while no leader is known. */
    public String leaderRpcAddress() {
        PeerId leader = node.getLeaderId();
        return leader == null ? null : rpcAddressByPeer.get(leader);
    }

    public List<String> rpcAddresses() {
        return rpcAddresses;
    }

    /** The port this node serves the controller's requests on, where Apache's jRaft controller listens too. */
    public int requestPort() {
        return requestPort;
    }

    @Override
    public void close() {
        service.shutdown();
        try {
            service.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PeerId parsePeer(String address, String key) {
        PeerId peer = new PeerId();
        if (address == null || address.isBlank() || !peer.parse(address.trim())) {
            throw new ConfigException(key + " '" + address + "' is not host:port");
        }
        return peer;
    }

    private static String directory(Path path) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new ConfigException("cannot create the controller directory " + path + ": " + e.getMessage());
        }
        return path.toString();
    }

    /** Told when this node becomes the leader and when it stops being one (on a Raft thread: return quickly). */
    public interface Leadership {
        void leaderStarted();

        void leaderStopped();
    }
}
