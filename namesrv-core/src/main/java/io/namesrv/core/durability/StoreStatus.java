package io.namesrv.core.durability;

/**
 * Whether the store holds what the memory holds, as operators see it on {@code /health}.
 *
 * @param behind           true while changes wait in the backlog for the store
 * @param cause            why the store fell behind, null when it is not behind
 * @param behindSinceMillis when it fell behind, 0 when it is not behind
 * @param backlog          keys waiting to be written, across the tables
 * @param lastWriteMillis  when the store last took a write, 0 if never since start
 */
public record StoreStatus(boolean behind, String cause, long behindSinceMillis, int backlog, long lastWriteMillis) {
}
