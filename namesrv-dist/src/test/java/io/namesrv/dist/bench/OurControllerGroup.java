package io.namesrv.dist.bench;

import io.namesrv.dist.support.ControllerNodes;
import io.namesrv.dist.support.DistNamesrvProcess;
import io.namesrv.dist.support.FreePorts;
import io.namesrv.dist.support.ItDirs;
import io.namesrv.dist.support.Teardown;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Three of our servers with {@code enableControllerInNamesrv}, one SOFAJRaft group, the controller on
 * ports of its own (Apache's layout); the three servers are also the brokers' name servers.
 */
final class OurControllerGroup implements ControllerGroup {
    private static final int NODES = 3;

    private final boolean jRaftSync;
    private final List<DistNamesrvProcess> servers = new ArrayList<>();
    private final List<String> serverAddrs = new ArrayList<>();
    private final List<String> controllerAddrs = new ArrayList<>();

    OurControllerGroup(boolean jRaftSync) {
        this.jRaftSync = jRaftSync;
        List<Integer> ports = new ArrayList<>();
        List<String> raftPeers = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ports.add(FreePorts.port());
            serverAddrs.add("127.0.0.1:" + ports.get(i));
            controllerAddrs.add("127.0.0.1:" + FreePorts.port());
            raftPeers.add("127.0.0.1:" + FreePorts.port());
        }
        try {
            for (int i = 0; i < NODES; i++) {
                Path dir = ItDirs.newDir("bench-controller-" + i);
                Map<String, String> config = ControllerNodes.config(i, raftPeers, controllerAddrs, dir);
                config.put("jRaftSync", Boolean.toString(jRaftSync));
                servers.add(DistNamesrvProcess.start(dir, ports.get(i), config));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return "ours (SOFAJRaft), jRaftSync=" + jRaftSync;
    }

    @Override
    public String namesrvAddr() {
        return String.join(";", serverAddrs);
    }

    @Override
    public String controllerAddr() {
        return String.join(";", controllerAddrs);
    }

    @Override
    public String firstController() {
        return controllerAddrs.get(0);
    }

    @Override
    public void close() {
        try {
            Teardown.closeAll(servers.toArray(new AutoCloseable[0]));
        } catch (Exception e) {
            throw new IllegalStateException("stopping our controller nodes", e);
        }
    }
}
