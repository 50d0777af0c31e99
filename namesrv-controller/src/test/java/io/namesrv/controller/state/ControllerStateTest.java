package io.namesrv.controller.state;

import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.controller.state.ControllerCommand.AlterSyncStateSet;
import io.namesrv.controller.state.ControllerCommand.ApplyBrokerId;
import io.namesrv.controller.state.ControllerCommand.CleanBrokerData;
import io.namesrv.controller.state.ControllerCommand.ElectMaster;
import io.namesrv.controller.state.ControllerCommand.RegisterBroker;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControllerStateTest {
    private static final String CLUSTER = "c1";
    private static final String BROKER = "broker-a";

    private final ControllerState state = new ControllerState();

    @Test
    void brokerIdsAreHandedOutFromOneAndAppliedOnce() {
        assertEquals(1, state.nextBrokerId(BROKER));
        assertEquals(ResponseCode.CONTROLLER_BROKER_ID_INVALID,
            state.apply(new ApplyBrokerId(CLUSTER, BROKER, 2, "127.0.0.1:10911;1")).code(),
            "a new group starts at id 1");

        assertTrue(state.apply(new ApplyBrokerId(CLUSTER, BROKER, 1, "127.0.0.1:10911;1")).succeeded());
        assertEquals(2, state.nextBrokerId(BROKER));
        assertEquals("127.0.0.1:10911", state.group(BROKER).addressOf(1L));

        assertTrue(state.apply(new ApplyBrokerId(CLUSTER, BROKER, 1, "127.0.0.1:10911;1")).succeeded(),
            "the same broker (same check code) may apply again");
        assertEquals(ResponseCode.CONTROLLER_BROKER_ID_INVALID,
            state.apply(new ApplyBrokerId(CLUSTER, BROKER, 1, "127.0.0.1:10921;2")).code(),
            "another broker may not take a taken id");

        assertTrue(state.apply(new ApplyBrokerId(CLUSTER, BROKER, 2, "127.0.0.1:10921;2")).succeeded());
        assertEquals(3, state.nextBrokerId(BROKER));
    }

    @Test
    void registerNeedsAnAppliedIdAndUpdatesTheAddress() {
        assertEquals(ResponseCode.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED,
            state.apply(new RegisterBroker(CLUSTER, BROKER, 1, "127.0.0.1:10911", Set.of())).code());
        apply(1, 2);
        assertEquals(ResponseCode.CONTROLLER_BROKER_NEED_TO_BE_REGISTERED,
            state.apply(new RegisterBroker(CLUSTER, BROKER, 3, "127.0.0.1:10931", Set.of())).code());

        Outcome moved = state.apply(new RegisterBroker(CLUSTER, BROKER, 2, "127.0.0.1:20000", Set.of(1L, 2L)));
        assertTrue(moved.succeeded());
        assertEquals("127.0.0.1:20000", state.group(BROKER).addressOf(2L));
    }

    @Test
    void theFirstBrokerToAskBecomesMasterAndTheOthersSeeIt() {
        apply(1, 2, 3);
        Outcome first = state.apply(elect(2L, alive(1, 2, 3)));
        assertTrue(first.succeeded());
        assertEquals(2L, first.group().masterBrokerId());
        assertEquals(1, first.group().masterEpoch());
        assertEquals(Set.of(2L), first.group().syncStateSet());
        assertEquals(1, first.group().syncStateSetEpoch());

        Outcome second = state.apply(elect(1L, alive(1, 2, 3)));
        assertEquals(ResponseCode.CONTROLLER_MASTER_STILL_EXIST, second.code());
        assertEquals(2L, second.group().masterBrokerId());
        assertEquals(1, second.group().masterEpoch(), "no new epoch while the master stays");
    }

    @Test
    void aLostMasterIsReplacedFromTheSyncStateSetOnly() {
        apply(1, 2, 3);
        state.apply(elect(1L, alive(1, 2, 3)));
        assertTrue(state.apply(alter(1, 1, ids(1, 2), 1, Set.of(1L, 2L, 3L))).succeeded());

        // master 1 gone; 3 is alive and further ahead but not in sync: 2 is elected
        Outcome elected = state.apply(new ElectMaster(BROKER, null, false, false,
            List.of(new Candidate(2, 1, 100, 0), new Candidate(3, 1, 500, 0))));
        assertTrue(elected.succeeded());
        assertEquals(2L, elected.group().masterBrokerId());
        assertEquals(2, elected.group().masterEpoch());
        assertEquals(Set.of(2L), elected.group().syncStateSet());
    }

    @Test
    void withoutALiveInSyncMemberAnUncleanElectionNeedsToBeAllowed() {
        apply(1, 2, 3);
        state.apply(elect(1L, alive(1, 2, 3)));
        List<Candidate> onlyThree = List.of(new Candidate(3, 1, 10, 0));

        Outcome refused = state.apply(new ElectMaster(BROKER, null, false, false, onlyThree));
        assertEquals(ResponseCode.CONTROLLER_MASTER_NOT_AVAILABLE, refused.code());
        assertNull(state.group(BROKER).masterBrokerId(), "the group has no master now");
        assertEquals(2, state.group(BROKER).masterEpoch());

        Outcome unclean = state.apply(new ElectMaster(BROKER, null, false, true, onlyThree));
        assertTrue(unclean.succeeded());
        assertEquals(3L, unclean.group().masterBrokerId());
    }

    @Test
    void theBestCandidateHasTheHighestEpochThenOffsetThenLowestPriority() {
        apply(1, 2, 3, 4);
        state.apply(elect(1L, alive(1, 2, 3, 4)));
        state.apply(alter(1, 1, ids(1, 2, 3, 4), 1, Set.of(1L, 2L, 3L, 4L)));
        Outcome elected = state.apply(new ElectMaster(BROKER, null, false, false, List.of(
            new Candidate(2, 1, 900, 0), new Candidate(3, 2, 100, 5), new Candidate(4, 2, 100, 1))));
        assertEquals(4L, elected.group().masterBrokerId());
    }

    @Test
    void aDesignatedBrokerIsElectedOnlyWhenItQualifies() {
        apply(1, 2, 3);
        state.apply(elect(1L, alive(1, 2, 3)));
        state.apply(alter(1, 1, ids(1, 2), 1, Set.of(1L, 2L, 3L)));

        assertEquals(ResponseCode.CONTROLLER_ELECT_MASTER_FAILED,
            state.apply(new ElectMaster(BROKER, 3L, true, false, alive(1, 2, 3))).code(), "3 is not in sync");
        Outcome designated = state.apply(new ElectMaster(BROKER, 2L, true, false, alive(1, 2, 3)));
        assertTrue(designated.succeeded());
        assertEquals(2L, designated.group().masterBrokerId());
    }

    @Test
    void alterSyncStateSetIsFencedByMasterAndEpochs() {
        apply(1, 2, 3);
        state.apply(elect(1L, alive(1, 2, 3)));
        Set<Long> all = Set.of(1L, 2L, 3L);
        assertEquals(ResponseCode.CONTROLLER_INVALID_MASTER, state.apply(alter(2, 1, ids(1, 2), 1, all)).code());
        assertEquals(ResponseCode.CONTROLLER_FENCED_MASTER_EPOCH, state.apply(alter(1, 0, ids(1, 2), 1, all)).code());
        assertEquals(ResponseCode.CONTROLLER_FENCED_SYNC_STATE_SET_EPOCH, state.apply(alter(1, 1, ids(1, 2), 0, all)).code());
        assertEquals(ResponseCode.CONTROLLER_INVALID_REPLICAS, state.apply(alter(1, 1, ids(1, 9), 1, all)).code());
        assertEquals(ResponseCode.CONTROLLER_BROKER_NOT_ALIVE, state.apply(alter(1, 1, ids(1, 2), 1, Set.of(1L))).code());
        assertEquals(ResponseCode.CONTROLLER_ALTER_SYNC_STATE_SET_FAILED, state.apply(alter(1, 1, ids(2, 3), 1, all)).code(),
            "the master must stay in the set");
        assertEquals(ResponseCode.CONTROLLER_ALTER_SYNC_STATE_SET_FAILED, state.apply(alter(1, 1, ids(1), 1, all)).code(),
            "no change");

        Outcome altered = state.apply(alter(1, 1, ids(1, 2, 3), 1, all));
        assertTrue(altered.succeeded());
        assertEquals(Set.of(1L, 2L, 3L), altered.group().syncStateSet());
        assertEquals(2, altered.group().syncStateSetEpoch());
    }

    @Test
    void cleanBrokerDataRefusesLiveBrokersUnlessAsked() {
        apply(1, 2);
        state.apply(elect(1L, alive(1, 2)));
        assertEquals(ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
            state.apply(new CleanBrokerData(BROKER, ids(), false, Set.of())).code(), "the group has a master");
        assertEquals(ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
            state.apply(new CleanBrokerData(BROKER, ids(2), false, Set.of(2L))).code(), "2 is alive");

        assertTrue(state.apply(new CleanBrokerData(BROKER, ids(2), false, Set.of(1L))).succeeded());
        assertEquals(Set.of(1L), state.group(BROKER).replicas().keySet());

        assertTrue(state.apply(new CleanBrokerData(BROKER, ids(), true, Set.of(1L))).succeeded());
        assertNull(state.group(BROKER));
        assertEquals(ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
            state.apply(new CleanBrokerData(BROKER, ids(), true, Set.of())).code(), "nothing left to clean");
    }

    @Test
    void theStateSurvivesItsEncoding() {
        apply(1, 2, 3);
        state.apply(elect(1L, alive(1, 2, 3)));
        state.apply(alter(1, 1, ids(1, 3), 1, Set.of(1L, 2L, 3L)));
        ControllerState copy = new ControllerState();
        copy.restore(StateCodec.decodeGroups(StateCodec.encodeGroups(state.groups())));
        assertEquals(state.groups(), copy.groups());

        List<ControllerCommand> commands = List.of(new ApplyBrokerId(CLUSTER, BROKER, 1, "a;1"),
            new RegisterBroker(CLUSTER, BROKER, 1, "a", Set.of(1L)), elect(null, alive(1, 2)),
            new ElectMaster(BROKER, 2L, true, true, List.of()), alter(1, 2, ids(1, 2), 3, Set.of(2L)),
            new CleanBrokerData(BROKER, ids(4), true, Set.of()));
        for (ControllerCommand command : commands) {
            ControllerCommand decoded = StateCodec.decodeCommand(StateCodec.encode(command));
            assertEquals(command.toString(), decoded.toString());
        }
    }

    private void apply(long... brokerIds) {
        for (long id : brokerIds) {
            assertTrue(state.apply(new ApplyBrokerId(CLUSTER, BROKER, id, "127.0.0.1:" + (10_000 + id) + ";" + id)).succeeded());
        }
    }

    private static ElectMaster elect(Long brokerId, List<Candidate> alive) {
        return new ElectMaster(BROKER, brokerId, false, false, alive);
    }

    private static AlterSyncStateSet alter(long master, int masterEpoch, SortedSet<Long> set, int setEpoch, Set<Long> alive) {
        return new AlterSyncStateSet(BROKER, master, masterEpoch, set, setEpoch, alive);
    }

    private static List<Candidate> alive(long... ids) {
        return java.util.Arrays.stream(ids).mapToObj(id -> new Candidate(id, 0, 0, 0)).toList();
    }

    private static SortedSet<Long> ids(long... ids) {
        SortedSet<Long> set = new TreeSet<>();
        for (long id : ids) {
            set.add(id);
        }
        return set;
    }
}
