package io.namesrv.controller.raft;

import com.alipay.sofa.jraft.Closure;
import com.alipay.sofa.jraft.Iterator;
import com.alipay.sofa.jraft.Status;
import com.alipay.sofa.jraft.core.StateMachineAdapter;
import com.alipay.sofa.jraft.error.RaftError;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotReader;
import com.alipay.sofa.jraft.storage.snapshot.SnapshotWriter;
import io.namesrv.controller.state.BrokerGroup;
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
import java.util.List;
import java.util.function.Function;

/**
 * Applies the committed controller commands to the {@link ControllerState}, in log order, on every
 * node; answers the proposer's closure (on the leader) with the command's outcome; saves and loads
 * the whole state as a snapshot file.
 */
final class ControllerStateMachine extends StateMachineAdapter {
    private static final Logger log = LoggerFactory.getLogger(ControllerStateMachine.class);
    static final String SNAPSHOT_FILE = "controller-state";

    private final ControllerState state = new ControllerState();
    private final RaftReplication.Leadership leadership;

    ControllerStateMachine(RaftReplication.Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public void onApply(Iterator entries) {
        while (entries.hasNext()) {
            ByteBuffer data = entries.getData();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            ControllerCommand command = StateCodec.decodeCommand(bytes);
            Outcome outcome;
            synchronized (state) {
                outcome = state.apply(command);
            }
            log.debug("Applied {} at index {}: {}", command, entries.getIndex(), outcome.code());
            Closure done = entries.done();
            if (done instanceof CommandClosure proposed) {
                proposed.complete(outcome);
            }
            if (done != null) {
                done.run(Status.OK());
            }
            entries.next();
        }
    }

    /** Reads the state under the lock that applying takes; {@code reader} must not keep references to it. */
    <T> T read(Function<ControllerState, T> reader) {
        synchronized (state) {
            return reader.apply(state);
        }
    }

    @Override
    public void onSnapshotSave(SnapshotWriter writer, Closure done) {
        List<BrokerGroup> groups = read(ControllerState::groups);
        try {
            Files.write(Path.of(writer.getPath(), SNAPSHOT_FILE), StateCodec.encodeGroups(groups));
            if (writer.addFile(SNAPSHOT_FILE)) {
                done.run(Status.OK());
            } else {
                done.run(new Status(RaftError.EIO, "could not add %s to the snapshot", SNAPSHOT_FILE));
            }
        } catch (IOException e) {
            log.error("Could not save the controller snapshot in {}", writer.getPath(), e);
            done.run(new Status(RaftError.EIO, "could not save the controller snapshot: %s", e.getMessage()));
        }
    }

    @Override
    public boolean onSnapshotLoad(SnapshotReader reader) {
        if (reader.getFileMeta(SNAPSHOT_FILE) == null) {
            log.error("Snapshot in {} has no {}", reader.getPath(), SNAPSHOT_FILE);
            return false;
        }
        try {
            List<BrokerGroup> groups = StateCodec.decodeGroups(Files.readAllBytes(Path.of(reader.getPath(), SNAPSHOT_FILE)));
            synchronized (state) {
                state.restore(groups);
            }
            log.info("Loaded the controller snapshot: {} broker groups", groups.size());
            return true;
        } catch (IOException | RuntimeException e) {
            log.error("Could not load the controller snapshot in {}", reader.getPath(), e);
            return false;
        }
    }

    @Override
    public void onLeaderStart(long term) {
        log.info("This controller is the leader (term {})", term);
        leadership.leaderStarted();
    }

    @Override
    public void onLeaderStop(Status status) {
        log.info("This controller is no longer the leader: {}", status);
        leadership.leaderStopped();
    }
}
