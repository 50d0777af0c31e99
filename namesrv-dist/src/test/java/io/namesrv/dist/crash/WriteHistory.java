package io.namesrv.dist.crash;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The writes of one KV key or one broker as the server answered them: the last one acknowledged,
 * and those sent after it whose answer never came (a kill cut them off: each may or may not have
 * been applied). Only one storm worker writes a given key or broker, one request at a time, so an
 * acknowledgement supersedes everything sent before it.
 *
 * @param <T> the state a write leaves; empty = absent (never written, or deleted)
 */
final class WriteHistory<T> {
    private Optional<T> acknowledged = Optional.empty();
    private boolean anyAcknowledged;
    private final List<Optional<T>> unanswered = new ArrayList<>();

    synchronized void sending(Optional<T> state) {
        unanswered.add(state);
    }

    synchronized void acknowledged(Optional<T> state) {
        acknowledged = state;
        anyAcknowledged = true;
        unanswered.clear();
    }

    /** What the last acknowledged write left: what must be there after a crash, unless a later write landed. */
    synchronized Optional<T> acknowledged() {
        return acknowledged;
    }

    /** Whether any write was acknowledged: an acknowledged delete leaves the same state as no write. */
    synchronized boolean anyAcknowledged() {
        return anyAcknowledged;
    }

    /** The states the server may hold: the acknowledged one, or what any unanswered write left. */
    synchronized List<Optional<T>> allowed() {
        List<Optional<T>> allowed = new ArrayList<>(unanswered.size() + 1);
        allowed.add(acknowledged);
        allowed.addAll(unanswered);
        return allowed;
    }
}
