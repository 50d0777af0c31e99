package io.namesrv.store.chronicle;

import io.namesrv.api.model.BrokerAddr;
import io.namesrv.api.model.BrokerData;
import io.namesrv.core.spi.StoredRoutes;
import io.namesrv.core.spi.TopicBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Makes the route tables agree with each other again when a crash cut a change short, given the
 * write order of {@link ChronicleRouteStore}. It runs at every open, reads the tables whole, and
 * applies its rules in order, each on the result of the ones before:
 * <ol>
 *   <li>a broker address without a live entry is taken out of its broker group, and a group left
 *       without any address by this is removed: live entries are written last, so that address's
 *       registration never finished (a group that had no address before is left alone);</li>
 *   <li>queue data of a broker group that is gone is removed: removing the group comes first;</li>
 *   <li>a live entry for an address no broker group lists is removed;</li>
 *   <li>a cluster lists exactly the groups that exist and name it, plus those it already listed
 *       that still exist; a cluster left empty is removed.</li>
 * </ol>
 * Every rule looks only at what is on disk, so a crash during the repair is repaired the same way
 * at the next open. Each kind of repair is logged once, with a count and some examples.
 */
final class IntegrityRepair {
    private static final Logger log = LoggerFactory.getLogger(IntegrityRepair.class);
    private static final int EXAMPLES = 5;

    private final List<TableWrite> writes = new ArrayList<>();
    private final Map<String, List<String>> findings = new LinkedHashMap<>();

    private IntegrityRepair() {
    }

    /**
     * @return the tables as read for the check when they needed no repair (the server's first
     * {@link ChronicleRouteStore#loadRoutes()} then does not read them again), else null
     */
    static StoredRoutes run(RouteTables tables) {
        IntegrityRepair repair = new IntegrityRepair();
        StoredRoutes stored = RouteReader.read(tables);
        repair.check(stored);
        TableWriter.write(tables, repair.writes);
        repair.findings.forEach((what, items) -> {
            String examples = String.join(", ", items.subList(0, Math.min(EXAMPLES, items.size())));
            log.warn("Repaired the Chronicle store at {}: {} {} ({}{})", tables.storePath(), items.size(), what,
                examples, items.size() > EXAMPLES ? ", ..." : "");
        });
        return repair.writes.isEmpty() ? stored : null;
    }

    private void check(StoredRoutes stored) {
        Map<String, BrokerData> brokers = dropAddressesWithoutLiveEntry(stored);
        dropQueuesOfMissingBrokers(stored, brokers);
        dropLiveEntriesOfUnlistedAddresses(stored, brokers);
        fixClusterMembership(stored, brokers);
    }

    private Map<String, BrokerData> dropAddressesWithoutLiveEntry(StoredRoutes stored) {
        Set<String> liveAddrs = stored.live().keySet().stream().map(BrokerAddr::brokerAddr).collect(Collectors.toSet());
        Map<String, BrokerData> brokers = new HashMap<>(stored.brokers());
        for (BrokerData broker : stored.brokers().values()) {
            Map<Long, String> kept = new TreeMap<>(broker.brokerAddrs());
            if (!kept.values().removeIf(addr -> !liveAddrs.contains(addr))) {
                continue;
            }
            found("broker addresses without a live entry, left by a registration cut short, removed",
                broker.brokerName() + broker.brokerAddrs().entrySet().stream()
                    .filter(e -> !kept.containsKey(e.getKey())).map(e -> "[" + e.getKey() + "]=" + e.getValue())
                    .collect(Collectors.joining()));
            if (kept.isEmpty()) {
                brokers.remove(broker.brokerName());
                writes.add(TableWrite.remove(Table.BROKERS, Keys.name(broker.brokerName())));
            } else {
                BrokerData repaired = broker.withBrokerAddrs(kept);
                brokers.put(broker.brokerName(), repaired);
                writes.add(TableWrite.put(Table.BROKERS, Keys.name(broker.brokerName()), Values.broker(repaired)));
            }
        }
        return brokers;
    }

    private void dropQueuesOfMissingBrokers(StoredRoutes stored, Map<String, BrokerData> brokers) {
        stored.topicQueues().forEach((topic, queues) -> queues.keySet().forEach(brokerName -> {
            if (!brokers.containsKey(brokerName)) {
                found("queue entries of broker groups that are gone removed", topic + "@" + brokerName);
                writes.add(TableWrite.remove(Table.TOPIC_QUEUES, Keys.topicBroker(new TopicBroker(topic, brokerName))));
            }
        }));
    }

    private void dropLiveEntriesOfUnlistedAddresses(StoredRoutes stored, Map<String, BrokerData> brokers) {
        Set<String> listed = new HashSet<>();
        brokers.values().forEach(broker -> listed.addAll(broker.brokerAddrs().values()));
        for (BrokerAddr addr : stored.live().keySet()) {
            if (!listed.contains(addr.brokerAddr())) {
                found("live entries of addresses no broker group lists removed", addr.toString());
                writes.add(TableWrite.remove(Table.LIVE, Keys.brokerAddr(addr)));
            }
        }
    }

    private void fixClusterMembership(StoredRoutes stored, Map<String, BrokerData> brokers) {
        Map<String, Set<String>> clusters = new HashMap<>();
        stored.clusters().forEach((cluster, members) -> clusters.put(cluster, members.stream()
            .filter(brokers::containsKey).collect(Collectors.toCollection(HashSet::new))));
        brokers.values().forEach(broker ->
            clusters.computeIfAbsent(broker.cluster(), c -> new HashSet<>()).add(broker.brokerName()));

        clusters.forEach((cluster, members) -> {
            Set<String> before = stored.clusters().getOrDefault(cluster, Set.of());
            if (!members.isEmpty() && members.equals(before)) {
                return;
            }
            found("clusters whose members did not match the broker table corrected",
                cluster + before.stream().sorted().toList() + "->" + members.stream().sorted().toList());
            writes.add(members.isEmpty() ? TableWrite.remove(Table.CLUSTERS, Keys.name(cluster))
                : TableWrite.put(Table.CLUSTERS, Keys.name(cluster), Values.clusterMembers(members)));
        });
    }

    private void found(String what, String item) {
        findings.computeIfAbsent(what, w -> new ArrayList<>()).add(item);
    }
}
