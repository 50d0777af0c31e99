package io.namesrv.core.route;

import io.namesrv.api.model.QueueData;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/** The topic lists admin tools ask for, read from one route image. */
public final class TopicLists {
    /** TopicSysFlag: the topic is a unit topic. */
    private static final int FLAG_UNIT = 0x1;
    /** TopicSysFlag: the topic has unit subscriptions. */
    private static final int FLAG_UNIT_SUB = 0x1 << 1;

    private TopicLists() {
    }

    public static Set<String> all(RouteImage image) {
        return new TreeSet<>(image.topicQueues().keySet());
    }

    /** Topics with queues on any broker of the cluster; empty for an unknown cluster. */
    public static Set<String> ofCluster(RouteImage image, String cluster) {
        Set<String> topics = new TreeSet<>();
        image.clusters().getOrDefault(cluster, Set.of()).forEach(brokerName -> topics.addAll(image.topicsOf(brokerName)));
        return topics;
    }

    /** Cluster and broker names: the topics every broker creates for itself. */
    public static Set<String> system(RouteImage image) {
        Set<String> topics = new TreeSet<>();
        image.clusters().forEach((cluster, brokerNames) -> {
            topics.add(cluster);
            topics.addAll(brokerNames);
        });
        return topics;
    }

    /** The address of one broker, which admin tools use to reach the cluster; null when none is registered. */
    public static String anyBrokerAddr(RouteImage image) {
        return image.brokers().values().stream()
            .filter(b -> !b.brokerAddrs().isEmpty())
            .map(b -> b.brokerAddrs().values().iterator().next())
            .findFirst().orElse(null);
    }

    public static Set<String> unit(RouteImage image) {
        return bySysFlag(image, flag -> (flag & FLAG_UNIT) == FLAG_UNIT);
    }

    public static Set<String> hasUnitSub(RouteImage image) {
        return bySysFlag(image, flag -> (flag & FLAG_UNIT_SUB) == FLAG_UNIT_SUB);
    }

    public static Set<String> hasUnitSubNotUnit(RouteImage image) {
        return bySysFlag(image, flag -> (flag & FLAG_UNIT) != FLAG_UNIT && (flag & FLAG_UNIT_SUB) == FLAG_UNIT_SUB);
    }

    /** As Apache's, the sys flag of a topic's first queue data decides. */
    private static Set<String> bySysFlag(RouteImage image, IntPredicate matches) {
        Set<String> topics = new TreeSet<>();
        for (Map.Entry<String, Map<String, QueueData>> entry : image.topicQueues().entrySet()) {
            if (!entry.getValue().isEmpty()
                && matches.test(entry.getValue().values().iterator().next().topicSysFlag())) {
                topics.add(entry.getKey());
            }
        }
        return topics;
    }
}
