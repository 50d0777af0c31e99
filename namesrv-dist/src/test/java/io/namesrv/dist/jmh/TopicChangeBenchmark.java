package io.namesrv.dist.jmh;

import io.namesrv.api.model.BrokerRegistration;
import io.namesrv.api.model.DataVersion;
import io.namesrv.api.model.RegisterBrokerResult;
import io.namesrv.api.model.TopicConfig;
import io.namesrv.core.NameServer;
import io.namesrv.core.testkit.Registrations;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A re-registration that changes one topic of a 10,000-topic broker, with 10,000 to 1,000,000 topics
 * in the tables (brokers of 10,000 topics each): what a write costs must not grow with the tables.
 * Ten brokers take turns; each alternates between its table and the same table with its first topic's
 * queue count changed, under a new data version, as a broker does after an admin's change.
 */
@State(Scope.Benchmark)
public class TopicChangeBenchmark {
    private static final int TOPICS_PER_BROKER = 10_000;
    private static final int CHANGING_BROKERS = 10;

    @Param({"10000", "100000", "1000000"})
    public int topics;

    @Param({"memory"})
    public String storeType;

    private NameServer nameServer;
    private BrokerRegistration[][] alternatives;
    private long version = 1;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        nameServer = BenchmarkStores.open(storeType);
        int brokers = topics / TOPICS_PER_BROKER;
        alternatives = new BrokerRegistration[Math.min(brokers, CHANGING_BROKERS)][];
        for (int b = 0; b < brokers; b++) {
            BrokerRegistration full = Registrations.broker("broker-" + b, "127.0.0.1:" + (10_000 + b)).version(version)
                .topics("broker-" + b + "-topic-", TOPICS_PER_BROKER - 1, 8).build();
            nameServer.routes().registerBroker(full);
            if (b < alternatives.length) {
                alternatives[b] = new BrokerRegistration[] {full, withFirstTopicChanged(full)};
            }
        }
    }

    private static BrokerRegistration withFirstTopicChanged(BrokerRegistration reg) {
        Map<String, TopicConfig> topics = new LinkedHashMap<>(reg.topicConfigs());
        TopicConfig first = topics.values().iterator().next();
        topics.put(first.topicName(), new TopicConfig(first.topicName(), 16, 16, first.perm(), first.topicSysFlag(), first.order()));
        return withTopics(reg, topics, reg.dataVersion());
    }

    private static BrokerRegistration withTopics(BrokerRegistration reg, Map<String, TopicConfig> topics, DataVersion version) {
        return new BrokerRegistration(reg.clusterName(), reg.brokerAddr(), reg.brokerName(), reg.brokerId(),
            reg.haServerAddr(), reg.zoneName(), reg.heartbeatTimeoutMillis(), reg.enableActingMaster(), version,
            topics, reg.filterServerList(), reg.topicQueueMappings());
    }

    @TearDown(Level.Trial)
    public void close() {
        nameServer.close();
    }

    @Benchmark
    public RegisterBrokerResult reRegistrationChangingOneTopic() {
        int turn = next++;
        BrokerRegistration[] broker = alternatives[turn % alternatives.length];
        BrokerRegistration reg = broker[(turn / alternatives.length) % 2 == 0 ? 1 : 0];
        version++;
        return nameServer.routes().registerBroker(withTopics(reg, reg.topicConfigs(), new DataVersion(0, version, version)));
    }
}
