package io.namesrv.controller.state;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.controller.state.ControllerCommand.AlterSyncStateSet;
import io.namesrv.controller.state.ControllerCommand.ApplyBrokerId;
import io.namesrv.controller.state.ControllerCommand.CleanBrokerData;
import io.namesrv.controller.state.ControllerCommand.ElectMaster;
import io.namesrv.controller.state.ControllerCommand.RegisterBroker;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The controller's replicated state, the broker groups by broker name, and the rules that change
 * it. Applying a command is deterministic (time and liveness come in the command), so every Raft
 * node that applies the same log holds the same groups. Not thread-safe: the Raft state machine
 * applies commands one at a time, and readers take {@link #groups()} copies under its lock.
 */
public final class ControllerState {
    private final Map<String, BrokerGroup> groups = new TreeMap<>();

    public Outcome apply(ControllerCommand command) {
        if (command instanceof ApplyBrokerId c) {
            return applyBrokerId(c);
        }
        if (command instanceof RegisterBroker c) {
            return registerBroker(c);
        }
        if (command instanceof ElectMaster c) {
            return electMaster(c);
        }
        if (command instanceof AlterSyncStateSet c) {
            return alterSyncStateSet(c);
        }
        return cleanBrokerData((CleanBrokerData) command);
    }

    public BrokerGroup group(String brokerName) {
        return groups.get(brokerName);
    }

    /** The id CONTROLLER_GET_NEXT_BROKER_ID offers: 1 for a group the controller does not know yet. */
    public long nextBrokerId(String brokerName) {
        BrokerGroup group = groups.get(brokerName);
        return group == null ? BrokerGroup.FIRST_BROKER_ID : group.nextBrokerId();
    }

    public List<BrokerGroup> groups() {
        return List.copyOf(groups.values());
    }

    /** Replaces everything with the groups of a snapshot. */
    public void restore(Collection<BrokerGroup> snapshot) {
        groups.clear();
        snapshot.forEach(group -> groups.put(group.brokerName(), group));
    }

    private Outcome applyBrokerId(ApplyBrokerId c) {
        BrokerGroup group = groups.get(c.brokerName());
        Replica replica = new Replica(addressOf(c.registerCheckCode()), c.registerCheckCode());
        if (group == null) {
            if (c.brokerId() != BrokerGroup.FIRST_BROKER_ID) {
                return Outcome.refused(ResponseCode.CONTROLLER_BROKER_ID_INVALID, String.format(
                    "Broker-set: %s hasn't been registered in controller, but broker try to apply brokerId: %d",
                    c.brokerName(), c.brokerId()), null);
            }
            return Outcome.success(put(BrokerGroup.empty(c.clusterName(), c.brokerName()).withMember(c.brokerId(), replica)));
        }
        Replica existing = group.replicas().get(c.brokerId());
        if (existing == null) {
            return Outcome.success(put(group.withMember(c.brokerId(), replica)));
        }
        if (c.registerCheckCode().equals(existing.registerCheckCode())) {
            // the same broker applying again (it restarted before it wrote its metadata file)
            return Outcome.success(group);
        }
        return Outcome.refused(ResponseCode.CONTROLLER_BROKER_ID_INVALID,
            String.format("Fail to apply brokerId: %d in broker-set: %s", c.brokerId(), c.brokerName()), group);
    }

    private Outcome registerBroker(RegisterBroker c) {
        BrokerGroup group = groups.get(c.brokerName());
        if (group == null) {
            return Outcome.refused(ResponseCode.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED,
                String.format("Broker-set: %s hasn't been registered in controller", c.brokerName()), null);
        }
        Replica replica = group.replicas().get(c.brokerId());
        if (replica == null) {
            return Outcome.refused(ResponseCode.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED, String.format(
                "BrokerId: %d hasn't been registered in broker-set: %s", c.brokerId(), c.brokerName()), group);
        }
        if (!c.address().equals(replica.address())) {
            group = put(group.withMember(c.brokerId(), new Replica(c.address(), replica.registerCheckCode())));
        }
        return Outcome.success(group);
    }

    private Outcome electMaster(ElectMaster c) {
        BrokerGroup group = groups.get(c.brokerName());
        if (group == null) {
            return Outcome.refused(ResponseCode.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED, "Broker hasn't been registered", null);
        }
        Long requester = c.brokerId() == null || c.brokerId() == -1 ? null : c.brokerId();
        Long newMaster = null;
        if (group.neverElected() && requester != null) {
            // the first broker of a new group to ask is its first master
            newMaster = requester;
        }
        if (newMaster == null) {
            Long designated = c.designated() ? requester : null;
            newMaster = ElectionPolicy.choose(group.syncStateSet(), c.aliveMembers(), group.masterBrokerId(), designated);
            if (newMaster == null && c.allowUnclean()) {
                newMaster = ElectionPolicy.choose(group.replicas().keySet(), c.aliveMembers(), group.masterBrokerId(), designated);
            }
        }
        if (newMaster != null && newMaster.equals(group.masterBrokerId())) {
            return Outcome.refused(ResponseCode.CONTROLLER_MASTER_STILL_EXIST, String.format(
                "The old master %s is still alive, not need to elect new master for broker %s",
                group.masterBrokerId(), group.brokerName()), group);
        }
        if (newMaster != null) {
            return Outcome.success(put(group.withMaster(newMaster)));
        }
        if (requester == null) {
            // the controller found the master gone and no member to take over: the group has no master now
            return Outcome.refused(ResponseCode.CONTROLLER_MASTER_NOT_AVAILABLE,
                "Old master has down and failed to elect a new broker master", put(group.withMaster(null)));
        }
        return Outcome.refused(ResponseCode.CONTROLLER_ELECT_MASTER_FAILED, "Failed to elect a new master", group);
    }

    private Outcome alterSyncStateSet(AlterSyncStateSet c) {
        BrokerGroup group = groups.get(c.brokerName());
        if (group == null) {
            return Outcome.refused(ResponseCode.CONTROLLER_ALTER_SYNC_STATE_SET_FAILED, "Broker metadata is not existed", null);
        }
        if (group.syncStateSet().equals(c.newSyncStateSet())) {
            return Outcome.refused(ResponseCode.CONTROLLER_ALTER_SYNC_STATE_SET_FAILED,
                "The newSyncStateSet is equal with oldSyncStateSet, no needed to update syncStateSet", group);
        }
        if (group.masterBrokerId() == null || group.masterBrokerId() != c.masterBrokerId()) {
            return Outcome.refused(ResponseCode.CONTROLLER_INVALID_MASTER, String.format(
                "Rejecting alter syncStateSet request because the current leader is:{%s}, not {%s}",
                group.masterBrokerId(), c.masterBrokerId()), group);
        }
        if (c.masterEpoch() != group.masterEpoch()) {
            return Outcome.refused(ResponseCode.CONTROLLER_FENCED_MASTER_EPOCH, String.format(
                "Rejecting alter syncStateSet request because the current master epoch is:{%d}, not {%d}",
                group.masterEpoch(), c.masterEpoch()), group);
        }
        if (c.syncStateSetEpoch() != group.syncStateSetEpoch()) {
            return Outcome.refused(ResponseCode.CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH, String.format(
                "Rejecting alter syncStateSet request because the current syncStateSet epoch is:{%d}, not {%d}",
                group.syncStateSetEpoch(), c.syncStateSetEpoch()), group);
        }
        for (Long replica : c.newSyncStateSet()) {
            if (!group.hasMember(replica)) {
                return Outcome.refused(ResponseCode.CONTROLLER_INVALID_REPLICAS, String.format(
                    "Rejecting alter syncStateSet request because the replicas {%s} don't exist", replica), group);
            }
            if (!c.aliveBrokerIds().contains(replica)) {
                return Outcome.refused(ResponseCode.CONTROLLER_BROKER_NOT_ALIVE, String.format(
                    "Rejecting alter syncStateSet request because the replicas {%s} don't alive", replica), group);
            }
        }
        if (!c.newSyncStateSet().contains(group.masterBrokerId())) {
            return Outcome.refused(ResponseCode.CONTROLLER_ALTER_SYNC_STATE_SET_FAILED, String.format(
                "Rejecting alter syncStateSet request because the newSyncStateSet don't contains origin leader {%s}",
                group.masterBrokerId()), group);
        }
        return Outcome.success(put(group.withSyncStateSet(c.newSyncStateSet())));
    }

    private Outcome cleanBrokerData(CleanBrokerData c) {
        BrokerGroup group = groups.get(c.brokerName());
        SortedSet<Long> ids = c.brokerIds();
        if (!c.cleanLivingBroker()) {
            if (ids.isEmpty() && group != null && group.masterBrokerId() != null) {
                return Outcome.refused(ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
                    String.format("Broker %s is still alive, clean up failure", c.brokerName()), group);
            }
            for (Long id : ids) {
                if (c.aliveBrokerIds().contains(id)) {
                    return Outcome.refused(ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
                        String.format("Broker [%s,  %s] is still alive, clean up failure", c.brokerName(), id), group);
                }
            }
        }
        if (group == null) {
            return Outcome.refused(ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
                String.format("Broker %s is not existed,clean broker data failure.", c.brokerName()), null);
        }
        BrokerGroup remaining = ids.isEmpty() ? null : group.withoutMembers(ids);
        if (remaining == null || remaining.replicas().isEmpty()) {
            groups.remove(c.brokerName());
            return Outcome.success(null);
        }
        return Outcome.success(put(remaining));
    }

    private BrokerGroup put(BrokerGroup group) {
        groups.put(group.brokerName(), group);
        return group;
    }

    /** The broker's address is the first part of its register check code ({@code address;timestamp}). */
    private static String addressOf(String registerCheckCode) {
        int semicolon = registerCheckCode.indexOf(';');
        return semicolon < 0 ? registerCheckCode : registerCheckCode.substring(0, semicolon);
    }
}
