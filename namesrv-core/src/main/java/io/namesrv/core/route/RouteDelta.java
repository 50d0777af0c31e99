package io.namesrv.core.route;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.api.model.BrokerLiveInfo;
import io.namesrv.api.model.QueueData;
import io.namesrv.api.model.TopicQueueMapping;
import io.namesrv.core.collect.PersistentMap;
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
 * so far, then take the {@link RouteChange} for the store and the next image. Everything it holds
 * and does costs what the write changes, whatever the size of the tables: the changed topics' queue
 * maps are copied when first written and put into the image's persistent maps at the end.
 */
final class RouteDelta {
    private final RouteImage base;
    private final QueueDataInterner interner;
    private PersistentMap<String, Set<String>> clusters;
    private PersistentMap<String, BrokerData> brokers;
    /** topic -> its queues as changed by this delta, empty once no broker serves it. */
    private final Map<String, Map<String, QueueData>> changedQueues = new HashMap<>();

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

    RouteDelta(RouteImage base, QueueDataInterner interner) {
        this.base = base;
        this.interner = interner;
        this.clusters = base.clusterTable();
        this.brokers = base.brokerTable();
    }

    BrokerData broker(String brokerName) {
        return brokers.get(brokerName);
    }

    Map<String, QueueData> queuesOf(String topic) {
        Map<String, QueueData> changed = changedQueues.get(topic);
        if (changed != null) {
            return changed.isEmpty() ? null : changed;
        }
        return base.topicQueueTable().get(topic);
    }

    /** The topics the broker group has queues of, as changed so far. */
    List<String> topicsOf(String brokerName) {
        List<String> topics = new ArrayList<>();
        for (String topic : base.topicsOf(brokerName)) {
            if (!changedQueues.containsKey(topic)) {
                topics.add(topic);
            }
        }
        changedQueues.forEach((topic, queues) -> {
            if (queues.containsKey(brokerName)) {
                topics.add(topic);
            }
        });
        return topics;
    }

    void addBrokerName(String cluster, String brokerName) {
        Set<String> names = clusters.getOrDefault(cluster, Set.of());
        if (!names.contains(brokerName)) {
            Set<String> next = new HashSet<>(names);
            next.add(brokerName);
            clusters = clusters.with(cluster, Set.copyOf(next));
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
        clusters = next.isEmpty() ? clusters.without(cluster) : clusters.with(cluster, Set.copyOf(next));
        touchedClusters.add(cluster);
    }

    void putBroker(BrokerData brokerData) {
        if (!brokerData.equals(brokers.get(brokerData.brokerName()))) {
            brokers = brokers.with(brokerData.brokerName(), brokerData);
            touchedBrokers.add(brokerData.brokerName());
        }
    }

    void removeBroker(String brokerName) {
        PersistentMap<String, BrokerData> next = brokers.without(brokerName);
        if (next != brokers) {
            brokers = next;
            touchedBrokers.add(brokerName);
        }
    }

    /** Whether the broker group has queues of the topic, as changed so far. */
    boolean servesTopic(String topic, String brokerName) {
        Map<String, QueueData> queues = queuesOf(topic);
        return queues != null && queues.containsKey(brokerName);
    }

    void putQueue(String topic, QueueData queueData) {
        // one lookup of the topic in each table: a new broker puts 10,000 topics in a row
        Map<String, QueueData> changed = changedQueues.get(topic);
        Map<String, QueueData> current = changed != null ? changed : base.topicQueueTable().get(topic);
        // a re-registration mostly repeats what is there: copy nothing for it
        if (current != null && queueData.equals(current.get(queueData.brokerName()))) {
            return;
        }
        if (changed == null) {
            changed = current == null ? new HashMap<>(2) : new HashMap<>(current);
            changedQueues.put(topic, changed);
        }
        changed.put(queueData.brokerName(), interner.intern(queueData));
        touchQueue(topic, queueData.brokerName());
    }

    private void touchQueue(String topic, String brokerName) {
        touchedQueues.add(new TopicBroker(topic, brokerName));
        brokersWithTouchedQueues.add(brokerName);
    }

    /** Removes one broker's queues of the topic, and the topic when no broker serves it any more. */
    void removeQueue(String topic, String brokerName) {
        Map<String, QueueData> current = queuesOf(topic);
        if (current == null || !current.containsKey(brokerName)) {
            return;
        }
        writableQueuesOf(topic).remove(brokerName);
        touchQueue(topic, brokerName);
    }

    private Map<String, QueueData> writableQueuesOf(String topic) {
        return changedQueues.computeIfAbsent(topic, t -> {
            Map<String, QueueData> current = base.topicQueueTable().get(t);
            return current == null ? new HashMap<>(2) : new HashMap<>(current);
        });
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
            QueueData data = changedQueues.get(key.topic()).get(key.brokerName());
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
     * The topics whose route this delta changes and that had a route before it: those whose queues
     * changed, every topic a broker group whose data changed served, and static topics whose mapping
     * changed. A topic the base image has no queues of had no route, so nothing of it can be cached:
     * a new broker's 10,000 new topics invalidate nothing.
     */
    Set<String> changedTopics() {
        PersistentMap<String, Map<String, QueueData>> before = base.topicQueueTable();
        Set<String> topics = new HashSet<>();
        touchedQueues.forEach(key -> {
            if (before.containsKey(key.topic())) {
                topics.add(key.topic());
            }
        });
        mappingsPut.forEach(mapping -> {
            if (before.containsKey(mapping.topic())) {
                topics.add(mapping.topic());
            }
        });
        for (String brokerName : touchedBrokers) {
            topics.addAll(base.topicsOf(brokerName));
        }
        return topics;
    }

    boolean changesRoutes() {
        return !touchedClusters.isEmpty() || !touchedBrokers.isEmpty() || !touchedQueues.isEmpty();
    }

    RouteImage nextImage() {
        if (!changesRoutes()) {
            return base;
        }
        PersistentMap.Builder<String, Map<String, QueueData>> topicQueues = base.topicQueueTable().toBuilder();
        changedQueues.forEach((topic, queues) -> {
            if (queues.isEmpty()) {
                topicQueues.remove(topic);
            } else {
                topicQueues.put(topic, Map.copyOf(queues));
            }
        });
        Map<String, PersistentMap.Builder<String, Boolean>> topicsByBroker = new HashMap<>();
        for (TopicBroker key : touchedQueues) {
            PersistentMap.Builder<String, Boolean> topics = topicsByBroker.computeIfAbsent(key.brokerName(),
                name -> base.brokerTopicTable().getOrDefault(name, PersistentMap.empty()).toBuilder());
            if (changedQueues.get(key.topic()).containsKey(key.brokerName())) {
                topics.put(key.topic(), Boolean.TRUE);
            } else {
                topics.remove(key.topic());
            }
        }
        PersistentMap<String, PersistentMap<String, Boolean>> brokerTopics = base.brokerTopicTable();
        for (Map.Entry<String, PersistentMap.Builder<String, Boolean>> entry : topicsByBroker.entrySet()) {
            PersistentMap.Builder<String, Boolean> topics = entry.getValue();
            brokerTopics = topics.size() == 0 ? brokerTopics.without(entry.getKey())
                : brokerTopics.with(entry.getKey(), topics.build());
        }
        return new RouteImage(clusters, brokers, topicQueues.build(), brokerTopics);
    }
}
