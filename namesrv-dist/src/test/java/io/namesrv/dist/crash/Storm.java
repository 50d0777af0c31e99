package io.namesrv.dist.crash;

import io.namesrv.dist.bench.BenchClient;
import io.namesrv.dist.bench.BrokerConnection;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The registration and KV-write storm of one cycle: {@link #WORKERS} workers, each on its own
 * connection, until {@code kill} ends the server after the given time. Connections stay open until
 * the server is dead: a name server unregisters the brokers of a connection that closes, which
 * would be an acknowledged change of its own.
 */
final class Storm {
    static final int WORKERS = 4;
    private static final Duration WORKERS_END_TIMEOUT = Duration.ofSeconds(30);

    /** What one storm did: requests sent, and the failures before the kill (must be none). */
    record Outcome(int requestsSent, int unanswered, List<String> failuresBeforeKill) {
    }

    private Storm() {
    }

    static Outcome run(BenchClient client, InetSocketAddress server, AcknowledgedWrites writes, long seed,
                       Duration killAfter, Runnable kill) throws InterruptedException {
        List<BrokerConnection> connections = new ArrayList<>();
        List<StormWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < WORKERS; i++) {
                BrokerConnection connection = BrokerConnection.open(client, server);
                connections.add(connection);
                workers.add(new StormWorker(i, WORKERS, writes, connection, seed + i));
            }
            for (int i = 0; i < WORKERS; i++) {
                Thread thread = new Thread(workers.get(i), "crash-storm-" + i);
                thread.setDaemon(true);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            Thread.sleep(killAfter.toMillis());
            List<String> failures = failures(workers);
            kill.run();
            long deadline = System.nanoTime() + WORKERS_END_TIMEOUT.toNanos();
            for (Thread thread : threads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (thread.isAlive()) {
                    throw new IllegalStateException(thread.getName() + " still running "
                        + WORKERS_END_TIMEOUT.toSeconds() + " s after the kill");
                }
            }
            int sent = workers.stream().mapToInt(StormWorker::sent).sum();
            int unanswered = (int) workers.stream().filter(w -> w.stoppedBy() != null).count() - failures.size();
            return new Outcome(sent, unanswered, failures);
        } finally {
            threads.forEach(Thread::interrupt);
            connections.forEach(BrokerConnection::close);
        }
    }

    /** Workers that stopped while the server was still alive: a refusal or a lost connection nobody caused. */
    private static List<String> failures(List<StormWorker> workers) {
        List<String> failures = new ArrayList<>();
        for (StormWorker worker : workers) {
            RuntimeException stoppedBy = worker.stoppedBy();
            if (stoppedBy != null) {
                failures.add(stoppedBy.toString());
            }
        }
        return failures;
    }
}
