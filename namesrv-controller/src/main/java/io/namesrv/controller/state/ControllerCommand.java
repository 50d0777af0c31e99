package io.namesrv.controller.state;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;

/**
 * The changes the controller's state goes through, as they are replicated: each carries what the
 * leader knew when it proposed it (which members were alive), so that applying it is deterministic
 * on every node.
 */
public sealed interface ControllerCommand {
    String brokerName();

    /** CONTROLLER_APPLY_BROKER_ID: a broker takes the id it was offered by CONTROLLER_GET_NEXT_BROKER_ID. */
    record ApplyBrokerId(String clusterName, String brokerName, long brokerId, String registerCheckCode)
        implements ControllerCommand {
    }

    /** CONTROLLER_REGISTER_BROKER: a broker with an id reports its (possibly new) address. */
    record RegisterBroker(String clusterName, String brokerName, long brokerId, String address, Set<Long> aliveBrokerIds)
        implements ControllerCommand {
    }

    /**
     * CONTROLLER_ELECT_MASTER, from a broker (its own id), from mqadmin electMaster (an id and
     * {@code designated}), or from the controller when a master is gone ({@code brokerId} null).
     */
    record ElectMaster(String brokerName, Long brokerId, boolean designated, boolean allowUnclean,
                       List<Candidate> aliveMembers) implements ControllerCommand {
    }

    /** CONTROLLER_ALTER_SYNC_STATE_SET: the master reports which members are in sync with it. */
    record AlterSyncStateSet(String brokerName, long masterBrokerId, int masterEpoch, SortedSet<Long> newSyncStateSet,
                             int syncStateSetEpoch, Set<Long> aliveBrokerIds) implements ControllerCommand {
    }

    /** CLEAN_BROKER_DATA: forget some members of a group ({@code brokerIds}), or the whole group (empty). */
    record CleanBrokerData(String brokerName, SortedSet<Long> brokerIds, boolean cleanLivingBroker,
                           Set<Long> aliveBrokerIds) implements ControllerCommand {
    }
}
