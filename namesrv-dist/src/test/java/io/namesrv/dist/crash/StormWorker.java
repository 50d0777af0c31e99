package io.namesrv.dist.crash;

import io.namesrv.api.protocol.RequestCode;
import io.namesrv.api.protocol.ResponseCode;
import io.namesrv.dist.bench.BrokerConnection;
import io.namesrv.dist.bench.BrokerIdentity;
import io.namesrv.dist.bench.RegistrationFrames;
import io.namesrv.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.common.MQVersion;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * One client of the storm: on its own connection, one request at a time, registrations of its
 * brokers and KV puts and deletes of its keys, each recorded as sent before it goes out and as
 * acknowledged only when its SUCCESS arrived. It stops at the first request that gets no answer:
 * the kill (or, before the kill, a failure the run reports).
 */
final class StormWorker implements Runnable {
    /** Liveness across every restart of a run: the check must find the brokers, not their expiry. */
    static final long HEARTBEAT_TIMEOUT_MILLIS = Duration.ofHours(6).toMillis();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final int MIN_TOPICS = 2;

    private final AcknowledgedWrites writes;
    private final BrokerConnection connection;
    private final Random random;
    private final List<BrokerIdentity> brokers;
    private final List<AcknowledgedWrites.KvKey> keys;
    private volatile RuntimeException stoppedBy;
    private int sent;

    StormWorker(int index, int workers, AcknowledgedWrites writes, BrokerConnection connection, long seed) {
        this.writes = writes;
        this.connection = connection;
        this.random = new Random(seed);
        this.brokers = IntStream.range(0, AcknowledgedWrites.BROKERS).filter(i -> i % workers == index)
            .mapToObj(writes.brokers()::get).toList();
        this.keys = IntStream.range(0, AcknowledgedWrites.KEYS).filter(i -> i % workers == index)
            .mapToObj(writes.keys()::get).toList();
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (random.nextInt(10) < 3) {
                    register(brokers.get(random.nextInt(brokers.size())));
                } else {
                    writeKv(keys.get(random.nextInt(keys.size())));
                }
            }
        } catch (RuntimeException e) {
            stoppedBy = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Why it stopped: the request that got no answer or a refusal; null if interrupted. */
    RuntimeException stoppedBy() {
        return stoppedBy;
    }

    int sent() {
        return sent;
    }

    private void register(BrokerIdentity broker) throws InterruptedException {
        WriteHistory<Registration> history = writes.registrations(broker);
        // never fewer topics than a registration that may have landed: each listed topic's queue data
        // is then rewritten, and none is left from a write the check cannot tell apart
        int listed = history.allowed().stream().mapToInt(state -> state.map(Registration::topics).orElse(0))
            .max().orElse(0);
        int topics = Math.min(AcknowledgedWrites.MAX_TOPICS, Math.max(MIN_TOPICS, listed + random.nextInt(3)));
        Registration registration = new Registration(writes.nextVersion(), topics, 1 + random.nextInt(16));
        RemotingCommand request = RegistrationFrames.registerRequest(broker, registration.body(),
            HEARTBEAT_TIMEOUT_MILLIS, MQVersion.CURRENT_VERSION);
        history.sending(Optional.of(registration));
        call(request, "registration " + registration + " of " + broker.name());
        history.acknowledged(Optional.of(registration));
        writes.registrationAcknowledged();
    }

    private void writeKv(AcknowledgedWrites.KvKey key) throws InterruptedException {
        WriteHistory<String> history = writes.kvEntry(key);
        Optional<String> state = random.nextInt(4) == 0 ? Optional.empty() : Optional.of(writes.nextValue());
        RemotingCommand request = state.isPresent()
            ? RemotingCommand.request(RequestCode.PUT_KV_CONFIG,
                Map.of("namespace", key.namespace(), "key", key.key(), "value", state.get()))
            : RemotingCommand.request(RequestCode.DELETE_KV_CONFIG, Map.of("namespace", key.namespace(), "key", key.key()));
        request.version(MQVersion.CURRENT_VERSION);
        history.sending(state);
        call(request, (state.isPresent() ? "put " + state.get() : "delete") + " of " + key);
        history.acknowledged(state);
        writes.kvWriteAcknowledged();
    }

    private void call(RemotingCommand request, String what) throws InterruptedException {
        sent++;
        RemotingCommand response = connection.call(request, CALL_TIMEOUT).response();
        if (response.code() != ResponseCode.SUCCESS) {
            throw new IllegalStateException(what + " refused: code " + response.code() + " " + response.remark());
        }
    }
}
