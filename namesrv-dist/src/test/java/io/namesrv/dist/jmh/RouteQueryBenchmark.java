package io.namesrv.dist.jmh;

import io.namesrv.api.model.TopicRouteData;
import io.namesrv.core.NameServer;
import io.namesrv.core.testkit.Registrations;
import io.namesrv.remoting.body.Bodies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The route query's hot path: a topic's route from the cache of encoded bodies (hit), built from the
 * route image and encoded (miss), and the encoding alone; 10,000 topics on two broker groups.
 */
@State(Scope.Benchmark)
public class RouteQueryBenchmark {
    private static final int TOPICS = 10_000;

    @Param({"memory", "chronicle", "jdbc"})
    public String storeType;

    private NameServer nameServer;
    private TopicRouteData route;

    @Setup(Level.Trial)
    public void populate() {
        nameServer = BenchmarkStores.open(storeType);
        nameServer.routes().registerBroker(Registrations.broker("broker-a", "127.0.0.1:10911")
            .topics("topic-", TOPICS, 8).build());
        nameServer.routes().registerBroker(Registrations.broker("broker-b", "127.0.0.1:20911")
            .topics("topic-", TOPICS, 8).build());
        route = nameServer.route("topic-0");
    }

    @TearDown(Level.Trial)
    public void close() {
        nameServer.close();
    }

    private static String anyTopic() {
        return "topic-" + ThreadLocalRandom.current().nextInt(TOPICS);
    }

    @Benchmark
    public byte[] cachedRoute() {
        return nameServer.encodedRoute(anyTopic(), 1, r -> Bodies.topicRouteData(r, true));
    }

    @Benchmark
    public byte[] uncachedRoute() {
        return Bodies.topicRouteData(nameServer.route(anyTopic()), true);
    }

    @Benchmark
    public byte[] encodeRoute() {
        return Bodies.topicRouteData(route, true);
    }
}
