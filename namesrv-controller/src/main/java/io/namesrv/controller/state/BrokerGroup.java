package io.namesrv.controller.state;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A broker group (one broker name) as the controller keeps it: its members by broker id, the next id
 * to hand out, the master and its epoch, and the SyncStateSet (the members in sync with the master)
 * with its own epoch. Immutable: every change makes the next value.
 *
 * @param masterBrokerId null while the group has no master
 * @param masterEpoch    0 until the first election; every election, successful or not, adds one
 */
public record BrokerGroup(String clusterName, String brokerName, long nextBrokerId,
                          SortedMap<Long, Replica> replicas, Long masterBrokerId, int masterEpoch,
                          SortedSet<Long> syncStateSet, int syncStateSetEpoch) {
    /** Apache's MixAll.FIRST_BROKER_CONTROLLER_ID: ids handed out by the controller start at 1. */
    public static final long FIRST_BROKER_ID = 1L;

    public BrokerGroup {
        replicas = Collections.unmodifiableSortedMap(new TreeMap<>(replicas));
        syncStateSet = Collections.unmodifiableSortedSet(new TreeSet<>(syncStateSet));
    }

    public static BrokerGroup empty(String clusterName, String brokerName) {
        return new BrokerGroup(clusterName, brokerName, FIRST_BROKER_ID, new TreeMap<>(), null, 0, new TreeSet<>(), 0);
    }

    public boolean hasMember(long brokerId) {
        return replicas.containsKey(brokerId);
    }

    /** The address of a member; null for an unknown id or null. */
    public String addressOf(Long brokerId) {
        Replica replica = brokerId == null ? null : replicas.get(brokerId);
        return replica == null ? null : replica.address();
    }

    public String masterAddress() {
        return addressOf(masterBrokerId);
    }

    /** Whether no election happened yet: the first broker to ask becomes master. */
    public boolean neverElected() {
        return masterEpoch == 0;
    }

    public SortedMap<Long, String> memberAddresses() {
        SortedMap<Long, String> addresses = new TreeMap<>();
        replicas.forEach((id, replica) -> addresses.put(id, replica.address()));
        return addresses;
    }

    BrokerGroup withMember(long brokerId, Replica replica) {
        SortedMap<Long, Replica> next = new TreeMap<>(replicas);
        next.put(brokerId, replica);
        return new BrokerGroup(clusterName, brokerName, Math.max(nextBrokerId, brokerId + 1), next, masterBrokerId,
            masterEpoch, syncStateSet, syncStateSetEpoch);
    }

    BrokerGroup withoutMembers(SortedSet<Long> brokerIds) {
        SortedMap<Long, Replica> next = new TreeMap<>(replicas);
        SortedSet<Long> inSync = new TreeSet<>(syncStateSet);
        next.keySet().removeAll(brokerIds);
        inSync.removeAll(brokerIds);
        return new BrokerGroup(clusterName, brokerName, nextBrokerId, next, masterBrokerId, masterEpoch, inSync,
            syncStateSetEpoch);
    }

    /** A new master (or none) in a new master epoch; a new master is the only member of the new SyncStateSet. */
    BrokerGroup withMaster(Long newMaster) {
        if (newMaster == null) {
            return new BrokerGroup(clusterName, brokerName, nextBrokerId, replicas, null, masterEpoch + 1,
                syncStateSet, syncStateSetEpoch);
        }
        return new BrokerGroup(clusterName, brokerName, nextBrokerId, replicas, newMaster, masterEpoch + 1,
            new TreeSet<>(java.util.Set.of(newMaster)), syncStateSetEpoch + 1);
    }

    BrokerGroup withSyncStateSet(SortedSet<Long> newSyncStateSet) {
        return new BrokerGroup(clusterName, brokerName, nextBrokerId, replicas, masterBrokerId, masterEpoch,
            newSyncStateSet, syncStateSetEpoch + 1);
    }
}
