package io.namesrv.controller.live;

import io.namesrv.controller.state.Candidate;
import io.namesrv.core.testkit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerLiveTableTest {
    private static final BrokerIdentity ONE = new BrokerIdentity("c1", "broker-a", 1);
    private static final BrokerIdentity TWO = new BrokerIdentity("c1", "broker-a", 2);

    private final MutableClock clock = new MutableClock(1_000_000);
    private final BrokerLiveTable table = new BrokerLiveTable(clock);

    @Test
    void aBrokerIsAliveUntilItsOwnTimeoutPasses() {
        table.onHeartbeat(beat(ONE, 3_000, 1, 100, "conn-1"));
        table.onHeartbeat(beat(TWO, 10_000, 1, 50, "conn-2"));
        clock.advance(Duration.ofMillis(3_001));
        assertFalse(table.isAlive(ONE));
        assertTrue(table.isAlive(TWO));
        assertEquals(Set.of(2L), table.aliveIds("c1", "broker-a"));
        assertEquals(Set.of(2L), table.aliveIds("", "broker-a"), "an empty cluster name matches any");

        assertEquals(List.of(ONE), table.expire());
        assertEquals(List.of(), table.expire());
    }

    @Test
    void aClosedConnectionMakesItsBrokersInactiveAtOnce() {
        Object connection = new Object();
        table.onHeartbeat(beat(ONE, 10_000, 1, 100, connection));
        table.onHeartbeat(beat(TWO, 10_000, 1, 100, new Object()));
        assertEquals(List.of(ONE), table.connectionClosed(connection));
        assertFalse(table.isAlive(ONE));
        assertTrue(table.isAlive(TWO));
    }

    @Test
    void progressOnlyMovesForward() {
        table.onHeartbeat(beat(ONE, 10_000, 2, 500, "c"));
        table.onHeartbeat(beat(ONE, 10_000, 2, 400, "c"));
        assertEquals(List.of(new Candidate(1, 2, 500, 0)), table.aliveMembers("c1", "broker-a"));
        table.onHeartbeat(beat(ONE, 10_000, 3, 10, "c"));
        assertEquals(List.of(new Candidate(1, 3, 10, 0)), table.aliveMembers("c1", "broker-a"));
    }

    private static Heartbeat beat(BrokerIdentity broker, long timeout, int epoch, long maxOffset, Object connection) {
        return new Heartbeat(broker, "127.0.0.1:1000" + broker.brokerId(), timeout, epoch, maxOffset, maxOffset, 0, connection);
    }
}
