package io.namesrv.controller.live;

import io.namesrv.controller.state.Candidate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which brokers this controller node heard from lately. Kept by every node for itself and never
 * replicated: brokers send their heartbeats to every controller, as they do to Apache's. A broker
 * is alive until its own heartbeat timeout passes without a heartbeat, or its connection closes.
 */
public final class BrokerLiveTable {
    /** Apache's default when a heartbeat names no timeout (DEFAULT_BROKER_CHANNEL_EXPIRED_TIME). */
    public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;

    private record Entry(Heartbeat latest, long lastSeenMillis) {
    }

    private final Map<BrokerIdentity, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public BrokerLiveTable(Clock clock) {
        this.clock = clock;
    }

    /**
     * Records a heartbeat. The epoch and offsets only move forward within one master epoch, as in
     * Apache's table, so that a late heartbeat does not make a broker look further behind.
     */
    public void onHeartbeat(Heartbeat heartbeat) {
        long now = clock.millis();
        entries.merge(heartbeat.broker(), new Entry(heartbeat, now), (old, fresh) -> {
            Heartbeat before = old.latest();
            boolean ahead = heartbeat.epoch() > before.epoch()
                || heartbeat.epoch() == before.epoch() && heartbeat.maxOffset() > before.maxOffset();
            Heartbeat kept = ahead ? heartbeat : new Heartbeat(heartbeat.broker(), heartbeat.brokerAddr(),
                heartbeat.timeoutMillis(), before.epoch(), before.maxOffset(), before.confirmOffset(),
                heartbeat.electionPriority(), heartbeat.connection());
            return new Entry(kept, now);
        });
    }

    public boolean isAlive(BrokerIdentity broker) {
        Entry entry = entries.get(broker);
        return entry != null && !expired(entry, clock.millis());
    }

    /** The live members of a group, with what their heartbeats said, for an election. */
    public List<Candidate> aliveMembers(String clusterName, String brokerName) {
        long now = clock.millis();
        List<Candidate> alive = new ArrayList<>();
        entries.forEach((broker, entry) -> {
            if (broker.brokerName().equals(brokerName) && matchesCluster(broker, clusterName) && !expired(entry, now)) {
                Heartbeat h = entry.latest();
                alive.add(new Candidate(broker.brokerId(), h.epoch(), h.maxOffset(), h.electionPriority()));
            }
        });
        return alive;
    }

    public Set<Long> aliveIds(String clusterName, String brokerName) {
        return aliveMembers(clusterName, brokerName).stream().map(Candidate::brokerId).collect(Collectors.toSet());
    }

    /** Removes the brokers whose timeout passed and returns them. */
    public List<BrokerIdentity> expire() {
        long now = clock.millis();
        List<BrokerIdentity> expired = new ArrayList<>();
        entries.forEach((broker, entry) -> {
            if (expired(entry, now) && entries.remove(broker, entry)) {
                expired.add(broker);
            }
        });
        return expired;
    }

    /** Removes the brokers that sent their heartbeats over {@code connection} and returns them. */
    public List<BrokerIdentity> connectionClosed(Object connection) {
        List<BrokerIdentity> gone = new ArrayList<>();
        entries.forEach((broker, entry) -> {
            if (entry.latest().connection() == connection && entries.remove(broker, entry)) {
                gone.add(broker);
            }
        });
        return gone;
    }

    /**
     * An empty cluster name matches any: mqadmin and the controller's own elections name only the
     * broker name (broker names are unique across clusters in a controller).
     */
    private static boolean matchesCluster(BrokerIdentity broker, String clusterName) {
        return clusterName == null || clusterName.isEmpty() || broker.clusterName().equals(clusterName);
    }

    private static boolean expired(Entry entry, long now) {
        return now - entry.lastSeenMillis() > entry.latest().timeoutMillis();
    }
}
