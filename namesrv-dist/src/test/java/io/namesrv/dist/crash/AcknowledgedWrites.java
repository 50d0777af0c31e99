package io.namesrv.dist.crash;

import io.namesrv.dist.bench.BrokerIdentity;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Everything the storm wrote over a whole run, across every kill: the brokers and KV keys, each
 * with its {@link WriteHistory}. Worker {@code w} of {@code n} owns broker and key {@code i} when
 * {@code i % n == w}, so no two workers ever write the same one.
 */
final class AcknowledgedWrites {
    static final String CLUSTER = "CrashCluster";
    static final int BROKERS = 12;
    static final int MAX_TOPICS = 48;
    static final List<String> NAMESPACES = List.of("crash_ns_0", "crash_ns_1", "crash_ns_2", "crash_ns_3");
    static final int KEYS = 96;

    /** One KV entry. */
    record KvKey(String namespace, String key) {
        static KvKey number(int i) {
            return new KvKey(NAMESPACES.get(i % NAMESPACES.size()), "key-" + i);
        }

        @Override
        public String toString() {
            return namespace + "/" + key;
        }
    }

    private final List<BrokerIdentity> brokers = IntStream.range(0, BROKERS)
        .mapToObj(i -> new BrokerIdentity(CLUSTER, "crash-broker-" + i, "127.0.0.1:" + (40_911 + i)))
        .toList();
    private final List<KvKey> keys = IntStream.range(0, KEYS).mapToObj(KvKey::number).toList();
    private final Map<BrokerIdentity, WriteHistory<Registration>> registrations = historiesOf(brokers);
    private final Map<KvKey, WriteHistory<String>> kvEntries = historiesOf(keys);
    private final AtomicLong versions = new AtomicLong();
    private final AtomicLong values = new AtomicLong();
    private final AtomicLong registrationsAcknowledged = new AtomicLong();
    private final AtomicLong kvWritesAcknowledged = new AtomicLong();

    private static <K, T> Map<K, WriteHistory<T>> historiesOf(List<K> items) {
        return items.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), item -> new WriteHistory<>()));
    }

    List<BrokerIdentity> brokers() {
        return brokers;
    }

    List<KvKey> keys() {
        return keys;
    }

    WriteHistory<Registration> registrations(BrokerIdentity broker) {
        return registrations.get(broker);
    }

    WriteHistory<String> kvEntry(KvKey key) {
        return kvEntries.get(key);
    }

    /** A data version counter no registration of this run has used. */
    long nextVersion() {
        return versions.incrementAndGet();
    }

    /** A KV value no write of this run has used, so the check can tell every write from every other. */
    String nextValue() {
        return "value-" + values.incrementAndGet();
    }

    void registrationAcknowledged() {
        registrationsAcknowledged.incrementAndGet();
    }

    void kvWriteAcknowledged() {
        kvWritesAcknowledged.incrementAndGet();
    }

    long registrationsAcknowledged() {
        return registrationsAcknowledged.get();
    }

    long kvWritesAcknowledged() {
        return kvWritesAcknowledged.get();
    }

    /** The most topics any registration sent so far listed: the topics whose routes a check reads. */
    int topicsEverListed() {
        return registrations.values().stream().flatMap(history -> history.allowed().stream())
            .mapToInt(state -> state.map(Registration::topics).orElse(0)).max().orElse(0);
    }
}
