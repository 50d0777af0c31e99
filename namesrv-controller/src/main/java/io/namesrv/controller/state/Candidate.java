package io.namesrv.controller.state;

/**
 * A live member of a broker group as the leader's heartbeats describe it when it proposes an
 * election; carried in the command, so that every node of the Raft group elects the same master.
 */
public record Candidate(long brokerId, int epoch, long maxOffset, int electionPriority) {
}
