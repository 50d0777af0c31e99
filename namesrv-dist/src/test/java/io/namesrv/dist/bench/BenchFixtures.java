package io.namesrv.dist.bench;

import java.util.List;
import java.util.stream.IntStream;

/** What every server is loaded with: the topics, the fake brokers and the pre-built frames. */
record BenchFixtures(List<String> topics, List<BrokerIdentity> brokers, RouteQueryFrames routeFrames,
                     RegistrationFrames registrationFrames, int clientVersion) {

    /** Long enough that no broker expires during the run, however the rounds are interleaved. */
    static final long HEARTBEAT_TIMEOUT_MILLIS = 3_600_000L;

    static BenchFixtures create(BenchSettings settings, int clientVersion) {
        List<String> topics = IntStream.range(0, settings.topics()).mapToObj(i -> "bench-topic-" + i).toList();
        List<BrokerIdentity> brokers = IntStream.range(0, settings.brokers()).mapToObj(BrokerIdentity::number).toList();
        return new BenchFixtures(topics, brokers, new RouteQueryFrames(topics, clientVersion),
            new RegistrationFrames(topics, clientVersion, HEARTBEAT_TIMEOUT_MILLIS), clientVersion);
    }
}
