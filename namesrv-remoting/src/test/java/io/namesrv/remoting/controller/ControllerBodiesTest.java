package io.namesrv.remoting.controller;

import io.namesrv.controller.ReplicaStatus;
import io.namesrv.controller.state.BrokerGroup;
import io.namesrv.controller.state.Replica;
import org.apache.rocketmq.remoting.protocol.RemotingSerializable;
import org.apache.rocketmq.remoting.protocol.body.BrokerMemberGroup;
import org.apache.rocketmq.remoting.protocol.body.BrokerReplicasInfo;
import org.apache.rocketmq.remoting.protocol.body.ElectMasterResponseBody;
import org.apache.rocketmq.remoting.protocol.body.SyncStateSet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Our controller bodies read by Apache's own classes (fastjson), and Apache's bodies read by ours. */
class ControllerBodiesTest {
    private static final BrokerGroup GROUP = new BrokerGroup("c1", "broker-a", 4, new TreeMap<>(Map.of(
        1L, new Replica("127.0.0.1:10911", "127.0.0.1:10911;1"),
        2L, new Replica("127.0.0.1:10921", "127.0.0.1:10921;2"),
        3L, new Replica("127.0.0.1:10931", "127.0.0.1:10931;3"))), 2L, 3, new TreeSet<>(Set.of(1L, 2L)), 5);

    @Test
    void syncStateSetIsFastjsonsForm() {
        byte[] body = ControllerBodies.syncStateSet(GROUP);
        assertEquals(new String(new SyncStateSet(new TreeSet<>(Set.of(1L, 2L)), 5).encode(), StandardCharsets.UTF_8),
            new String(body, StandardCharsets.UTF_8));
        SyncStateSet decoded = RemotingSerializable.decode(body, SyncStateSet.class);
        assertEquals(Set.of(1L, 2L), decoded.getSyncStateSet());
        assertEquals(5, decoded.getSyncStateSetEpoch());
    }

    @Test
    void electMasterBodyIsFastjsonsForm() {
        BrokerMemberGroup members = new BrokerMemberGroup("c1", "broker-a");
        members.setBrokerAddrs(new TreeMap<>(GROUP.memberAddresses()));
        ElectMasterResponseBody apache = new ElectMasterResponseBody(members, new TreeSet<>(Set.of(1L, 2L)));
        assertEquals(new String(apache.encode(), StandardCharsets.UTF_8),
            new String(ControllerBodies.electMaster(GROUP, true), StandardCharsets.UTF_8));
    }

    @Test
    void electMasterBodyCarriesTheMemberGroupOnlyForANewMaster() {
        ElectMasterResponseBody elected = RemotingSerializable.decode(ControllerBodies.electMaster(GROUP, true),
            ElectMasterResponseBody.class);
        assertEquals(Set.of(1L, 2L), elected.getSyncStateSet());
        assertEquals("broker-a", elected.getBrokerMemberGroup().getBrokerName());
        assertEquals("c1", elected.getBrokerMemberGroup().getCluster());
        assertEquals("127.0.0.1:10931", elected.getBrokerMemberGroup().getBrokerAddrs().get(3L));

        ElectMasterResponseBody stillThere = RemotingSerializable.decode(ControllerBodies.electMaster(GROUP, false),
            ElectMasterResponseBody.class);
        assertNull(stillThere.getBrokerMemberGroup());
    }

    @Test
    void brokerReplicasInfoSplitsTheMembersBySyncStateSet() {
        byte[] body = ControllerBodies.brokerReplicasInfo(List.of(new ReplicaStatus(GROUP, Set.of(2L, 3L))));
        BrokerReplicasInfo.ReplicasInfo info = RemotingSerializable.decode(body, BrokerReplicasInfo.class)
            .getReplicasInfoTable().get("broker-a");
        assertEquals(2L, info.getMasterBrokerId());
        assertEquals("127.0.0.1:10921", info.getMasterAddress());
        assertEquals(3, info.getMasterEpoch());
        assertEquals(5, info.getSyncStateSetEpoch());
        assertEquals(List.of(1L, 2L), info.getInSyncReplicas().stream().map(BrokerReplicasInfo.ReplicaIdentity::getBrokerId).toList());
        assertEquals(List.of(false, true), info.getInSyncReplicas().stream().map(BrokerReplicasInfo.ReplicaIdentity::getAlive).toList());
        assertEquals(List.of(3L), info.getNotInSyncReplicas().stream().map(BrokerReplicasInfo.ReplicaIdentity::getBrokerId).toList());
    }

    @Test
    void apacheRequestBodiesAreRead() {
        ControllerBodies.SyncStateSetBody read = ControllerBodies.readSyncStateSet(new SyncStateSet(Set.of(3L, 1L), 7).encode());
        assertEquals(new TreeSet<>(Set.of(1L, 3L)), read.syncStateSet());
        assertEquals(7, read.syncStateSetEpoch());
        assertEquals(List.of("broker-a", "broker-b"),
            ControllerBodies.readBrokerNames(RemotingSerializable.encode(List.of("broker-a", "broker-b"))));
    }
}
