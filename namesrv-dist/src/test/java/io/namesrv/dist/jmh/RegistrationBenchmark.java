package io.namesrv.dist.jmh;

import io.namesrv.api.model.BrokerRegistration;
import io.namesrv.api.model.RegisterBrokerResult;
import io.namesrv.core.NameServer;
import io.namesrv.core.testkit.Registrations;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One registration of a broker with 10,000 topics whose data version changed, so every queue is
 * rewritten: the core's delta and image, and the store's write, on each store.
 */
@State(Scope.Benchmark)
public class RegistrationBenchmark {
    private static final int TOPICS = 10_000;

    @Param({"memory", "chronicle", "jdbc"})
    public String storeType;

    private NameServer nameServer;
    private BrokerRegistration[] registrations;
    private int next;

    @Setup(Level.Trial)
    public void open() {
        nameServer = BenchmarkStores.open(storeType);
        registrations = new BrokerRegistration[2];
        for (int i = 0; i < registrations.length; i++) {
            // two versions with different queue counts: each registration really changes every queue
            registrations[i] = Registrations.broker("broker-a", "127.0.0.1:10911").version(i + 1)
                .topics("topic-", TOPICS, 4 + i).build();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        nameServer.close();
    }

    @Benchmark
    public RegisterBrokerResult registerTenThousandTopics() {
        next = (next + 1) % registrations.length;
        return nameServer.routes().registerBroker(registrations[next]);
    }
}
