package io.namesrv.core.route;

import io.namesrv.api.model.TopicConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The topic list a broker group's queues were last derived from, kept while nothing else has
 * changed those queues. A broker re-sends its whole list every 30 s, mostly unchanged, and after
 * an admin's change to one topic, changed in that topic only: compared in order with the list it
 * sent last time (a sequential walk, no lookup in the 10,000-topic table), only the topics whose
 * configs differ can change a queue.
 */
record AppliedTopics(Collection<TopicConfig> topics, boolean writePermWiped) {

    /**
     * The topics of {@code others} that would derive other queues than this list did, in order; or
     * null when the two lists do not pair up (another size, another topic at the same place, or
     * another write-permission wipe), so that every topic must be derived again.
     */
    List<TopicConfig> changedIn(Collection<TopicConfig> others, boolean othersWipeWritePerm) {
        if (others.size() != topics.size() || othersWipeWritePerm != writePermWiped) {
            return null;
        }
        if (others == topics) {
            // the very list again: the remoting layer hands on the same read-only table for repeated bytes
            return List.of();
        }
        List<TopicConfig> changed = new ArrayList<>();
        Iterator<TopicConfig> mine = topics.iterator();
        for (TopicConfig other : others) {
            TopicConfig before = mine.next();
            if (!other.equals(before)) {
                if (!other.topicName().equals(before.topicName())) {
                    return null;
                }
                changed.add(other);
            }
        }
        return changed;
    }
}
