package io.namesrv.core.route;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;
import io.namesrv.api.model.TopicQueueMapping;
import io.namesrv.core.spi.RouteChange;
import io.namesrv.core.spi.TopicBroker;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The changes one write makes to a {@link RouteImage}: read through it to see the image as changed
 * so far, then take the {@link RouteChange} for the store and the next image. Maps of the base image
 * are copied only when first written.
 */
final class RouteDelta {
    private final RouteImage base;
    private final Map<String, Set<String>> clusters;
    private final Map<String, BrokerData> brokers;
    private Map<String, Map<String, QueueData>> topicQueues;
    private final Set<String> copiedTopics = new HashSet<>();

    private final Set<String> touchedClusters = new LinkedHashSet<>();
    private final Set<String> touchedBrokers = new LinkedHashSet<>();
    private final Set<TopicBroker> touchedQueues = new LinkedHashSet<>();
    private final Set<String> brokersWithTouchedQueues = new HashSet<>();
    private final Map<String, AppliedTopics> appliedTopics = new HashMap<>();
    private final Map<BrokerAddr, BrokerLiveInfo> livePut = new LinkedHashMap<>();
    private final Set<BrokerAddr> liveRemoved = new LinkedHashSet<>();
    private final List<TopicQueueMapping> mappingsPut = new ArrayList<>();
    private final Set<String> mappingBrokersRemoved = new HashSet<>();
    private final List<MinBrokerIdChange> minBrokerIdChanges = new ArrayList<>();

    RouteDelta(RouteImage base) {
        this.base = base;
        this.clusters = new HashMap<>(base.clusters());
        this.brokers = new HashMap<>(base.brokers());
        this.topicQueues = base.topicQueues();
    }

    BrokerData broker(String brokerName) {
        return brokers.get(brokerName);
    }

    Map<String, BrokerData> brokers() {
        return brokers;
    }

    Map<String, QueueData> queuesOf(String topic) {
        return topicQueues.get(topic);
    }

    Map<String, Map<String, QueueData>> topicQueues() {
        return topicQueues;
    }

    void addBrokerName(String cluster, String brokerName) {
        Set<String> names = clusters.getOrDefault(cluster, Set.of());
        if (!names.contains(brokerName)) {
            Set<String> next = new HashSet<>(names);
            next.add(brokerName);
            clusters.put(cluster, Set.copyOf(next));
            touchedClusters.add(cluster);
        }
    }

    /** Removes the broker name from the cluster, and the cluster when it is left empty. */
    void removeBrokerName(String cluster, String brokerName) {
        Set<String> names = clusters.get(cluster);
        if (names == null || !names.contains(brokerName)) {
            return;
        }
        Set<String> next = new HashSet<>(names);
        next.remove(brokerName);
        if (next.isEmpty()) {
            clusters.remove(cluster);
        } else {
            clusters.put(cluster, Set.copyOf(next));
        }
        touchedClusters.add(cluster);
    }

    void putBroker(BrokerData brokerData) {
        if (!brokerData.equals(brokers.put(brokerData.brokerName(), brokerData))) {
            touchedBrokers.add(brokerData.brokerName());
        }
    }

    void removeBroker(String brokerName) {
        if (brokers.remove(brokerName) != null) {
            touchedBrokers.add(brokerName);
        }
    }

    void putQueue(String topic, QueueData queueData) {
        Map<String, QueueData> current = topicQueues.get(topic);
        // a re-registration mostly repeats what is there: copy nothing for it
        if (current != null && queueData.equals(current.get(queueData.brokerName()))) {
            return;
        }
        writableQueuesOf(topic).put(queueData.brokerName(), queueData);
        touchQueue(topic, queueData.brokerName());
    }

    private void touchQueue(String topic, String brokerName) {
        touchedQueues.add(new TopicBroker(topic, brokerName));
        brokersWithTouchedQueues.add(brokerName);
    }

    /** Removes one broker's queues of the topic, and the topic when no broker serves it any more. */
    void removeQueue(String topic, String brokerName) {
        Map<String, QueueData> current = topicQueues.get(topic);
        if (current == null || !current.containsKey(brokerName)) {
            return;
        }
        Map<String, QueueData> queues = writableQueuesOf(topic);
        queues.remove(brokerName);
        if (queues.isEmpty()) {
            topicQueues.remove(topic);
            copiedTopics.remove(topic);
        }
        touchQueue(topic, brokerName);
    }

    void putLive(BrokerAddr addr, BrokerLiveInfo info) {
        liveRemoved.remove(addr);
        livePut.put(addr, info);
    }

    void removeLive(BrokerAddr addr) {
        livePut.remove(addr);
        liveRemoved.add(addr);
    }

    /** Static-topic mappings are kept in memory only, like the connections that bring them: not in the store. */
    void putMappings(Collection<TopicQueueMapping> mappings) {
        mappingsPut.addAll(mappings);
    }

    void removeMappingsOf(String brokerName) {
        mappingBrokersRemoved.add(brokerName);
    }

    /** Records, once this delta is committed, the topic list the group's queues now derive from. */
    void appliedTopics(String brokerName, AppliedTopics applied) {
        appliedTopics.put(brokerName, applied);
    }

    Map<String, AppliedTopics> appliedTopics() {
        return appliedTopics;
    }

    /** The broker groups some of whose queues this delta changes. */
    Set<String> brokersWithTouchedQueues() {
        return brokersWithTouchedQueues;
    }

    void minBrokerIdChanged(MinBrokerIdChange change) {
        minBrokerIdChanges.add(change);
    }

    List<MinBrokerIdChange> minBrokerIdChanges() {
        return minBrokerIdChanges;
    }

    List<TopicQueueMapping> mappingsPut() {
        return mappingsPut;
    }

    Set<String> mappingBrokersRemoved() {
        return mappingBrokersRemoved;
    }

    Map<BrokerAddr, BrokerLiveInfo> livePut() {
        return livePut;
    }

    Set<BrokerAddr> liveRemoved() {
        return liveRemoved;
    }

    private Map<String, QueueData> writableQueuesOf(String topic) {
        if (topicQueues == base.topicQueues()) {
            topicQueues = new HashMap<>(base.topicQueues());
        }
        if (copiedTopics.add(topic)) {
            Map<String, QueueData> current = topicQueues.get(topic);
            topicQueues.put(topic, current == null ? new HashMap<>() : new HashMap<>(current));
        }
        return topicQueues.get(topic);
    }

    /** What the store must write so that it holds the next image and the live changes. */
    RouteChange change() {
        Map<String, Set<String>> clustersPut = new HashMap<>();
        Set<String> clustersRemoved = new HashSet<>();
        for (String cluster : touchedClusters) {
            Set<String> names = clusters.get(cluster);
            if (names == null) {
                clustersRemoved.add(cluster);
            } else {
                clustersPut.put(cluster, names);
            }
        }
        Map<String, BrokerData> brokersPut = new HashMap<>();
        Set<String> brokersRemoved = new HashSet<>();
        for (String name : touchedBrokers) {
            BrokerData data = brokers.get(name);
            if (data == null) {
                brokersRemoved.add(name);
            } else {
                brokersPut.put(name, data);
            }
        }
        Map<TopicBroker, QueueData> queuesPut = new HashMap<>();
        Set<TopicBroker> queuesRemoved = new HashSet<>();
        for (TopicBroker key : touchedQueues) {
            Map<String, QueueData> queues = topicQueues.get(key.topic());
            QueueData data = queues == null ? null : queues.get(key.brokerName());
            if (data == null) {
                queuesRemoved.add(key);
            } else {
                queuesPut.put(key, data);
            }
        }
        return new RouteChange(clustersPut, clustersRemoved, brokersPut, brokersRemoved, queuesPut, queuesRemoved,
            livePut, liveRemoved);
    }

    /**
     * The topics whose route this delta changes: those whose queues changed, every topic served by
     * a broker group whose data changed (before or after), and static topics whose mapping changed.
     */
    Set<String> changedTopics(RouteImage next) {
        Set<String> topics = new HashSet<>();
        touchedQueues.forEach(key -> topics.add(key.topic()));
        mappingsPut.forEach(mapping -> topics.add(mapping.topic()));
        if (!touchedBrokers.isEmpty()) {
            addTopicsServedBy(base, topics);
            addTopicsServedBy(next, topics);
        }
        return topics;
    }

    private void addTopicsServedBy(RouteImage image, Set<String> topics) {
        image.topicQueues().forEach((topic, queues) -> {
            for (String brokerName : touchedBrokers) {
                if (queues.containsKey(brokerName)) {
                    topics.add(topic);
                    return;
                }
            }
        });
    }

    boolean changesRoutes() {
        return !touchedClusters.isEmpty() || !touchedBrokers.isEmpty() || !touchedQueues.isEmpty();
    }

    RouteImage nextImage() {
        if (!changesRoutes()) {
            return base;
        }
        for (String topic : copiedTopics) {
            topicQueues.put(topic, Map.copyOf(topicQueues.get(topic)));
        }
        return new RouteImage(clusters, brokers, topicQueues);
    }
}
