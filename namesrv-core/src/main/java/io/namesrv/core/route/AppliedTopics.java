package io.namesrv.core.route;

import io.namesrv.api.model.TopicConfig;

import java.util.Collection;
import java.util.Iterator;

/**
 * The topic list a broker group's queues were last derived from, kept while nothing else has
 * changed those queues. A broker re-sends its whole list every 30 s, mostly unchanged: compared in
 * order with the list it sent last time (a sequential walk, no lookup in the 10,000-topic table),
 * an unchanged list is known to change no queue.
 */
record AppliedTopics(Collection<TopicConfig> topics, boolean writePermWiped) {

    /** Whether deriving queues from {@code others} would give exactly what this list gave. */
    boolean sameAs(Collection<TopicConfig> others, boolean othersWipeWritePerm) {
        if (others.size() != topics.size() || othersWipeWritePerm != writePermWiped) {
            return false;
        }
        if (others == topics) {
            // the very list again: the remoting layer hands on the same read-only table for repeated bytes
            return true;
        }
        Iterator<TopicConfig> mine = topics.iterator();
        for (TopicConfig other : others) {
            if (!other.equals(mine.next())) {
                return false;
            }
        }
        return true;
    }
}
