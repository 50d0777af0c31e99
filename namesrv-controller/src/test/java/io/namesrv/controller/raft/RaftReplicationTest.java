package io.namesrv.controller.raft;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.controller.ControllerConfig;
import io.namesrv.controller.state.BrokerGroup;
import io.namesrv.controller.state.ControllerCommand;
import io.namesrv.controller.state.Outcome;
import io.namesrv.core.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three controller nodes in this JVM on 127.0.0.1 ports: commands commit with a minority lost, a new
 * leader serves after the leader stops, and the state is back after every node restarts (from the
 * log, and from a snapshot plus the log after it).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RaftReplicationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BROKER = "broker-a";

    @TempDir
    Path dir;

    private final List<Integer> raftPorts = new ArrayList<>();
    private final RaftReplication[] nodes = new RaftReplication[3];

    @AfterEach
    void stopAll() {
        for (int i = 0; i < nodes.length; i++) {
            stop(i);
        }
    }

    @Test
    void eachNodeServesRequestsOnItsOwnEntryOfTheRpcAddresses() throws Exception {
        startAll(3600);
        for (int i = 0; i < 3; i++) {
            assertEquals(10_000 + i, nodes[i].requestPort(), "node " + i);
        }
    }

    @Test
    void anRpcAddressThatIsNotHostAndPortIsRefusedByName() {
        List<String> peers = List.of("127.0.0.1:9880", "127.0.0.1:9881", "127.0.0.1:9882");
        Map<String, String> settings = Map.of(
            "jRaftServerId", peers.get(0),
            "jRaftInitConf", String.join(",", peers),
            "jRaftControllerRPCAddr", "127.0.0.1,127.0.0.1:10001,127.0.0.1:10002",
            "controllerStorePath", dir.resolve("refused").toString());
        ConfigException refused = assertThrows(ConfigException.class,
            () -> new RaftReplication(ControllerConfig.from(settings::get), null));
        assertTrue(refused.getMessage().contains("jRaftControllerRPCAddr '127.0.0.1' is not host:port"), refused.getMessage());
    }

    @Test
    void aMinorityLostChangesNothingAndANewLeaderServes() throws Exception {
        startAll(3600);
        int leader = awaitLeader();
        assertTrue(propose(leader, apply(1)).succeeded());
        awaitOnAll(group -> group != null && group.hasMember(1));
        int follower = (leader + 1) % 3;
        Outcome refused = propose(follower, apply(2));
        assertEquals(ResponseCode.CONTROLLER_NOT_LEADER, refused.code());
        assertTrue(refused.remark().contains("127.0.0.1:" + (10_000 + leader)), refused.remark());

        stop(follower);
        assertTrue(propose(leader, apply(2)).succeeded(), "two of three nodes commit");

        stop(leader);
        start(follower, 3600);
        int newLeader = awaitLeader();
        assertTrue(newLeader != leader);
        assertTrue(propose(newLeader, apply(3)).succeeded());
        BrokerGroup group = nodes[newLeader].read(state -> state.group(BROKER));
        assertEquals(List.of(1L, 2L, 3L), List.copyOf(group.replicas().keySet()));
    }

    @Test
    void theStateIsKeptWhenEveryNodeRestarts() throws Exception {
        startAll(1);
        int leader = awaitLeader();
        assertTrue(propose(leader, apply(1)).succeeded());
        assertTrue(propose(leader, apply(2)).succeeded());
        // the snapshot timer (1 s here) saves a snapshot on every node once entries are applied
        awaitUntil("a snapshot on every node", () -> Stream.of(0, 1, 2).allMatch(this::hasSnapshot));
        leader = awaitLeader();
        assertTrue(propose(leader, apply(3)).succeeded(), "an entry after the snapshot, replayed from the log");
        awaitOnAll(group -> group != null && group.hasMember(3));

        for (int i = 0; i < 3; i++) {
            stop(i);
        }
        startAll(3600);
        awaitOnAll(group -> group != null && group.replicas().keySet().equals(java.util.Set.of(1L, 2L, 3L)));
        leader = awaitLeader();
        assertEquals(4L, (long) nodes[leader].read(state -> state.nextBrokerId(BROKER)));
    }

    private static ControllerCommand apply(long brokerId) {
        return new ControllerCommand.ApplyBrokerId("c1", BROKER, brokerId, "127.0.0.1:" + (20_000 + brokerId) + ";" + brokerId);
    }

    private Outcome propose(int node, ControllerCommand command) throws Exception {
        return nodes[node].propose(command).get(10, TimeUnit.SECONDS);
    }

    private void startAll(int snapshotIntervalSecs) throws IOException {
        if (raftPorts.isEmpty()) {
            for (int i = 0; i < 3; i++) {
                raftPorts.add(freePort());
            }
        }
        for (int i = 0; i < 3; i++) {
            start(i, snapshotIntervalSecs);
        }
    }

    private void start(int i, int snapshotIntervalSecs) {
        List<String> peers = raftPorts.stream().map(port -> "127.0.0.1:" + port).toList();
        // the request addresses are only named in answers here: 127.0.0.1:10000 + the node's index
        Map<String, String> settings = Map.of(
            "jRaftServerId", peers.get(i),
            "jRaftInitConf", String.join(",", peers),
            "jRaftControllerRPCAddr", "127.0.0.1:10000,127.0.0.1:10001,127.0.0.1:10002",
            "jRaftSnapshotIntervalSecs", Integer.toString(snapshotIntervalSecs),
            "controllerStorePath", dir.resolve("node-" + i).toString());
        nodes[i] = new RaftReplication(ControllerConfig.from(settings::get), new RaftReplication.Leadership() {
            @Override
            public void leaderStarted() {
            }

            @Override
            public void leaderStopped() {
            }
        });
    }

    private void stop(int i) {
        if (nodes[i] != null) {
            nodes[i].close();
            nodes[i] = null;
        }
    }

    private boolean hasSnapshot(int i) {
        try (Stream<Path> entries = Files.list(dir.resolve("node-" + i).resolve("snapshot"))) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith("snapshot_"));
        } catch (IOException e) {
            return false;
        }
    }

    private int awaitLeader() throws InterruptedException {
        int[] found = {-1};
        awaitUntil("a leader", () -> {
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i] != null && nodes[i].isLeader()) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private void awaitOnAll(java.util.function.Predicate<BrokerGroup> condition) throws InterruptedException {
        awaitUntil("the group on every running node", () -> {
            for (RaftReplication node : nodes) {
                if (node != null && !condition.test(node.read(state -> state.group(BROKER)))) {
                    return false;
                }
            }
            return true;
        });
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("no " + what + " within " + WAIT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
