package io.namesrv.api.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a static topic's logical queues map onto one broker group's physical queues (RocketMQ 5's
 * TopicQueueMappingInfo), as the broker registers it and clients read it in the route.
 *
 * @param bname     the broker group hosting these queues
 * @param currIdMap logical queue id -> physical queue id
 */
public record TopicQueueMapping(String topic, String scope, int totalQueues, String bname, long epoch, boolean dirty,
                                SortedMap<Integer, Integer> currIdMap) {
    public TopicQueueMapping {
        Objects.requireNonNull(bname, "bname");
        currIdMap = Collections.unmodifiableSortedMap(new TreeMap<>(currIdMap));
    }

    public static TopicQueueMapping of(String topic, String scope, int totalQueues, String bname, long epoch,
                                       boolean dirty, Map<Integer, Integer> currIdMap) {
        return new TopicQueueMapping(topic, scope, totalQueues, bname, epoch, dirty, new TreeMap<>(currIdMap));
    }
}
