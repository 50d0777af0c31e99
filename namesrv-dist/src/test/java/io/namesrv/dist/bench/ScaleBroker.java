package io.namesrv.dist.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One fake broker of the scale run: its own topics, its own connection, held open for the whole
 * run (a name server unregisters the brokers of a closed connection, and Apache's closes one idle
 * for 120 s: the heartbeats keep it busy), and its topic table, whose first topics it turns
 * read-only one at a time.
 *
 * <p>Every registration's body is encoded anew by Apache's classes, in the load generator before
 * the round trip is timed: holding two ready bodies per broker, as {@link RegistrationFrames} does
 * for the load comparison's few brokers, would take the load generator 360 MB for a hundred. A
 * round of one-topic changes encodes its bodies first ({@link #nextBody}) and sends them after,
 * 170 MB for a hundred brokers for the time of a round.
 */
final class ScaleBroker implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final int number;
    private final BrokerIdentity identity;
    private final ScaleTopics topics;
    private final BrokerConnection connection;
    private final int clientVersion;
    private long dataVersion;
    private int readOnlyTopics;

    private ScaleBroker(int number, ScaleTopics topics, BrokerConnection connection, int clientVersion) {
        this.number = number;
        // the address is never dialled (a name server does not connect to its brokers); it only has to be unique
        this.identity = new BrokerIdentity("ScaleCluster", "scale-broker-" + number, "127.0.0.1:" + (20_000 + number));
        this.topics = topics;
        this.connection = connection;
        this.clientVersion = clientVersion;
    }

    static ScaleBroker connect(BenchClient client, InetSocketAddress server, int number, ScaleTopics topics, int clientVersion)
        throws InterruptedException {
        return new ScaleBroker(number, topics, BrokerConnection.open(client, server), clientVersion);
    }

    /**
     * Sends its whole table with a new data version, as a broker does when its topics change, and
     * records the round trip, from the frame's write to the response's read, or the refusal, in
     * each of {@code into}.
     */
    void register(LatencyStats... into) throws InterruptedException {
        register(nextBody(), into);
    }

    /** The body of its next registration: its table as it is now, under a new data version. */
    byte[] nextBody() {
        dataVersion++;
        return RegistrationFrames.apacheBody(topics.ofBroker(number), readOnlyTopics, dataVersion, System.currentTimeMillis());
    }

    /** As {@link #register(LatencyStats...)}, with a body {@link #nextBody} gave, the last it gave. */
    void register(byte[] body, LatencyStats... into) throws InterruptedException {
        int opaque = connection.nextOpaque();
        ByteBuf frame = RegistrationFrames.registerFrame(PooledByteBufAllocator.DEFAULT, identity, body, opaque,
            BenchFixtures.HEARTBEAT_TIMEOUT_MILLIS, clientVersion);
        long[] sentAt = new long[1];
        BrokerConnection.Reply reply = connection.callFrame(frame, opaque, CALL_TIMEOUT, sentAt);
        for (LatencyStats stats : into) {
            if (reply.response().code() != 0) {
                stats.error(identity.name() + ": REGISTER_BROKER answered " + reply.response().code() + ": " + reply.response().remark());
            } else {
                stats.record(reply.receivedAtNanos() - sentAt[0], 0);
            }
        }
    }

    /** Its next registration's table differs from its last in one topic: the next one turned read-only. */
    void changeOneTopic() {
        if (readOnlyTopics == topics.perBroker()) {
            throw new IllegalStateException(identity.name() + " has no read-write topic left to change");
        }
        readOnlyTopics++;
    }

    /** How many of its topics, the first ones, its last table has read-only. */
    int readOnlyTopics() {
        return readOnlyTopics;
    }

    /** BROKER_HEARTBEAT every 10 s from now on, as a 5.x broker sends. */
    void startHeartbeats() {
        connection.startHeartbeats(List.of(identity), BenchFixtures.HEARTBEAT_TIMEOUT_MILLIS, clientVersion);
    }

    long heartbeatFailures() {
        return connection.heartbeatFailures();
    }

    BrokerIdentity identity() {
        return identity;
    }

    /** Name of its topic number {@code topic}. */
    String topic(int topic) {
        return topics.name(number, topic);
    }

    BrokerConnection connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.close();
    }
}
